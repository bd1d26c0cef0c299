package com.companyos.residency;

import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalStatus;
import com.companyos.audit.AuditService;
import com.companyos.base.Role;
import com.companyos.policy.PolicyBundle;
import com.companyos.policy.PolicyChannel;
import com.companyos.policyadmin.BundleInfo;
import com.companyos.policyadmin.PolicyBundles;
import com.companyos.policyadmin.PolicyService;
import com.companyos.regions.RegionState;
import com.companyos.regions.RegionStatus;
import com.companyos.residency.internal.ResidencyProbe;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.TestBundles;
import com.companyos.support.TestTenants;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static com.companyos.db.Tables.POLICY_BUNDLE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Continuous proof end to end: the synthetic probe holds under the shipped bundle; a weakened bundle published
 * through two-person approval reaches every agent, the probe catches the allowed pii egress and raises an alert
 * (console and audit); publishing the rules back restores it. A bundle row altered in the console's database is
 * refused by every agent and by the console, which keep deciding with the bundle they had.
 */
class PolicyPublishAndProbeIT extends ConsoleIT {

    private static final String WEAKENED_RULE = "sensitive-egress-stays-in-zone.cedar";

    @Autowired
    ResidencyProbe probe;
    @Autowired
    ResidencyAlerts alerts;
    @Autowired
    PolicyBundles bundles;
    @Autowired
    PolicyService policy;
    @Autowired
    ApprovalService approvals;
    @Autowired
    AuditService audit;
    @Autowired
    DSLContext db;

    @Test
    void the_probe_holds_catches_a_weakened_bundle_and_holds_again_once_the_rule_is_published_back() {
        awaitAllRegionsHealthy();
        List<ProbeCheck> baseline = probe.runOnce();
        assertThat(baseline).isNotEmpty()
                .allSatisfy(c -> assertThat(c.outcome()).as(c.check() + " " + c.detail()).isEqualTo(ProbeCheck.Outcome.DENIED))
                .allSatisfy(c -> assertThat(c.decisionId()).isNotNull());
        assertThat(baseline).extracting(ProbeCheck::check)
                .anyMatch(c -> c.startsWith("wrong-region-write")).anyMatch(c -> c.startsWith("wrong-zone-export"))
                .anyMatch(c -> c.startsWith("pii-egress"));
        int openBefore = As.officer("compliance1", alerts::openCount);

        String original = bundles.current(PolicyChannel.STANDARD).sha256();
        Map<String, String> shipped = As.officer("compliance1", () -> bundles.files(original));
        Map<String, String> weakened = new HashMap<>(shipped);
        weakened.remove(WEAKENED_RULE);
        try {
            publish(TestBundles.withVersion(weakened, TestBundles.newer(bundles.current(PolicyChannel.STANDARD).version(), "weakened")));
            List<ProbeCheck> broken = probe.runOnce();
            assertThat(broken).filteredOn(c -> c.check().startsWith("pii-egress"))
                    .isNotEmpty().allSatisfy(c -> assertThat(c.outcome()).isEqualTo(ProbeCheck.Outcome.ALLOWED));
            assertThat(broken).filteredOn(c -> !c.check().startsWith("pii-egress"))
                    .allSatisfy(c -> assertThat(c.outcome()).isEqualTo(ProbeCheck.Outcome.DENIED));
            List<ResidencyAlert> raised = As.officer("compliance1", alerts::open);
            assertThat(raised).hasSizeGreaterThan(openBefore)
                    .anySatisfy(a -> assertThat(a.summary()).contains("pii-egress").contains("ALLOWED"));
            ResidencyAlert alert = raised.stream().filter(a -> a.summary().contains("pii-egress")).findFirst().orElseThrow();
            assertThat(alert.decisionId()).isNotNull();
            assertThat(TestTenants.entries(audit, "residency.probe-allowed", "tenant:" + alert.tenant()))
                    .anySatisfy(e -> assertThat(e.decisionId()).isEqualTo(alert.decisionId()));
        } finally {
            // A rollback is a new version with the old content: regions refuse to go back to an older version.
            publish(TestBundles.withVersion(shipped, TestBundles.newer(bundles.current(PolicyChannel.STANDARD).version(), "restored")));
        }

        assertThat(probe.runOnce()).allSatisfy(c -> assertThat(c.outcome()).as(c.check()).isEqualTo(ProbeCheck.Outcome.DENIED));
        for (ResidencyAlert a : As.officer("compliance1", alerts::open)) {
            As.officer("compliance1", () -> {
                alerts.acknowledge(a.id(), "Weakened test bundle replaced by the restored one; probe denied again");
                return null;
            });
        }
        assertThat(As.officer("compliance1", alerts::openCount)).isZero();
        assertThat(TestTenants.entries(audit, "residency.alert-acknowledged", null)).isNotEmpty();
    }

    @Test
    void a_bundle_altered_in_the_console_database_is_refused_by_agents_and_console_which_keep_the_bundle_they_had() {
        awaitAllRegionsHealthy();
        var row = db.selectFrom(POLICY_BUNDLE).where(POLICY_BUNDLE.CHANNEL.eq("standard")).and(POLICY_BUNDLE.STATUS.eq("CURRENT")).fetchOne();
        String genuineSha = row.getBundleSha256();
        String genuineFiles = row.getFiles();
        assertThat(policy.bundle(PolicyChannel.STANDARD).sha256()).isEqualTo(genuineSha);

        // One byte: "forbid" becomes "permit" would be two; flip one letter of a policy text so Cedar still parses it.
        String altered = genuineFiles.replaceFirst("pii and restricted data never leave", "pii and restricted data never leavf");
        assertThat(altered).isNotEqualTo(genuineFiles);
        String alteredSha = PolicyBundle.of(readFiles(altered)).sha256();
        try {
            db.update(POLICY_BUNDLE).set(POLICY_BUNDLE.FILES, altered).set(POLICY_BUNDLE.BUNDLE_SHA256, alteredSha)
                    .where(POLICY_BUNDLE.BUNDLE_SHA256.eq(genuineSha)).execute();

            // Every agent refuses it, says why, and keeps enforcing the genuine bundle.
            List<RegionStatus> refused = awaitRegions(s -> s.bundleRejection() != null && alteredSha.equals(s.bundleRejection().sha256()));
            assertThat(refused).allSatisfy(s -> {
                assertThat(s.bundleRejection().reason()).contains("do not match its signed manifest");
                assertThat(s.policyBundles()).anySatisfy(b -> assertThat(b.sha256()).isEqualTo(genuineSha));
                assertThat(s.state()).isEqualTo(RegionState.DEGRADED);
                assertThat(s.message()).contains("Refused the standard policy bundle");
            });
            // The console refuses it too (after its refresh interval) and decides with the genuine one.
            sleep(6_000);
            assertThat(policy.bundle(PolicyChannel.STANDARD).sha256()).isEqualTo(genuineSha);
        } finally {
            db.update(POLICY_BUNDLE).set(POLICY_BUNDLE.FILES, genuineFiles).set(POLICY_BUNDLE.BUNDLE_SHA256, genuineSha)
                    .where(POLICY_BUNDLE.BUNDLE_SHA256.eq(alteredSha)).execute();
        }
        // Served genuine again: the refusal clears and the regions are healthy on the genuine bundle.
        List<RegionStatus> healed = awaitRegions(s -> s.bundleRejection() == null && s.state() == RegionState.HEALTHY);
        assertThat(healed).allSatisfy(s -> assertThat(s.policyBundles()).anySatisfy(b -> assertThat(b.sha256()).isEqualTo(genuineSha)));
    }

    private void publish(Map<String, String> files) {
        BundleInfo proposed = As.user("admin", Role.PLATFORM_ADMIN, () -> bundles.propose(files));
        UUID request = As.user("admin", Role.PLATFORM_ADMIN, () -> bundles.requestPublish(proposed.sha256(), "integration test"));
        TestTenants.approveTwice(approvals, request);
        assertThat(TestTenants.awaitFinal(approvals, request).status()).isEqualTo(ApprovalStatus.EXECUTED);
        assertThat(bundles.current(PolicyChannel.STANDARD).sha256()).isEqualTo(proposed.sha256());
        awaitRegions(s -> s.policyBundles().stream().anyMatch(b -> b.sha256().equals(proposed.sha256())));
    }

    private List<RegionStatus> awaitRegions(Predicate<RegionStatus> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            regionMonitor.checkNow();
            List<RegionStatus> all = regionMonitor.statuses();
            if (all.stream().allMatch(condition)) {
                return all;
            }
            sleep(250);
        }
        throw new AssertionError("Regions did not reach the expected state within 60 s: " + regionMonitor.statuses());
    }

    private static Map<String, String> readFiles(String json) {
        try {
            return com.companyos.base.Json.mapper().readValue(json, new com.fasterxml.jackson.core.type.TypeReference<>() {
            });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
