package com.companyos.policyadmin;

import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalStatus;
import com.companyos.base.ConflictException;
import com.companyos.base.Role;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.policy.PolicyChannel;
import com.companyos.policy.PublicationStatement;
import com.companyos.policy.SignedBundle;
import com.companyos.regions.RegionState;
import com.companyos.regions.RegionStatus;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.TestBundles;
import com.companyos.support.TestTenants;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static com.companyos.db.Tables.POLICY_BUNDLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The platform signs a bundle when two people have approved its publication, not when it is proposed; the real
 * agents accept only a newer version than the one they enforce, so a validly signed older bundle served again (a
 * replay by whoever can write the console's registry) leaves every region, and the console, on the bundle in force.
 */
class PolicyBundlePublicationIT extends ConsoleIT {

    @Autowired
    PolicyBundles bundles;
    @Autowired
    PolicyService policy;
    @Autowired
    ApprovalService approvals;
    @Autowired
    DSLContext db;
    @Autowired
    ControlPlaneKeys keys;

    @Test
    void a_proposed_bundle_carries_no_signature_is_not_served_and_cannot_be_put_in_force_unsigned() {
        SignedBundle current = bundles.current(PolicyChannel.STANDARD);
        Map<String, String> files = As.officer("compliance1", () -> bundles.files(current.sha256()));
        BundleInfo proposed = As.user("admin", Role.PLATFORM_ADMIN, () -> bundles.propose(
                TestBundles.withVersion(files, TestBundles.newer(current.version(), "unsigned-proposal"))));

        var row = db.selectFrom(POLICY_BUNDLE).where(POLICY_BUNDLE.BUNDLE_SHA256.eq(proposed.sha256())).fetchSingle();
        assertThat(row.getStatus()).isEqualTo("PROPOSED");
        assertThat(row.getSignature()).as("platform signature of an unapproved proposal").isNull();
        assertThat(row.getStatement()).isNull();
        assertThat(row.getKeyId()).isNull();
        // What the agents' endpoint serves is still the current, published bundle.
        assertThat(bundles.current(PolicyChannel.STANDARD).sha256()).isEqualTo(current.sha256());
        // Nor can the registry be made to serve it without an approval: the database refuses an unsigned bundle in force.
        assertThatThrownBy(() -> db.transaction(t -> {
            t.dsl().update(POLICY_BUNDLE).set(POLICY_BUNDLE.STATUS, "SUPERSEDED").where(POLICY_BUNDLE.BUNDLE_SHA256.eq(current.sha256())).execute();
            t.dsl().update(POLICY_BUNDLE).set(POLICY_BUNDLE.STATUS, "CURRENT").where(POLICY_BUNDLE.BUNDLE_SHA256.eq(proposed.sha256())).execute();
        })).hasMessageContaining("policy_bundle_published_signed");
        assertThat(bundles.current(PolicyChannel.STANDARD).sha256()).isEqualTo(current.sha256());

        // A version that is not newer than the current one cannot even be proposed.
        assertThatThrownBy(() -> As.user("admin", Role.PLATFORM_ADMIN, () -> bundles.propose(
                TestBundles.withVersion(files, "2000.1.1")))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("is not newer than " + current.version());
    }

    @Test
    void every_agent_offered_a_validly_signed_older_bundle_keeps_the_newer_one_it_enforces() {
        awaitAllRegionsHealthy();
        SignedBundle older = bundles.current(PolicyChannel.STANDARD);
        Map<String, String> files = As.officer("compliance1", () -> bundles.files(older.sha256()));
        BundleInfo newer = As.user("admin", Role.PLATFORM_ADMIN, () -> bundles.propose(
                TestBundles.withVersion(files, TestBundles.newer(older.version(), "replay-guard"))));
        UUID request = As.user("admin", Role.PLATFORM_ADMIN, () -> bundles.requestPublish(newer.sha256(), "integration test"));
        TestTenants.approveTwice(approvals, request);
        assertThat(TestTenants.awaitFinal(approvals, request).status()).isEqualTo(ApprovalStatus.EXECUTED);

        // Signed at publication, over version, hash, channel and the approval that published it.
        SignedBundle published = bundles.current(PolicyChannel.STANDARD);
        assertThat(published.sha256()).isEqualTo(newer.sha256());
        PublicationStatement statement = published.publication();
        assertThat(statement.approvalRequestId()).contains(request);
        assertThat(statement.version()).isEqualTo(newer.version());
        assertThat(statement.sha256()).isEqualTo(newer.sha256());
        assertThat(statement.channel()).isEqualTo(PolicyChannel.STANDARD);
        awaitRegions(s -> s.policyBundles().stream().anyMatch(b -> b.sha256().equals(newer.sha256())));
        assertThat(policy.bundle(PolicyChannel.STANDARD).sha256()).isEqualTo(newer.sha256());

        // The older bundle, genuinely signed at its own publication, served again.
        assertThat(older.verify(keys.platformSigningKey().certificate().getPublicKey()).sha256()).isEqualTo(older.sha256());
        try {
            swapCurrent(newer.sha256(), older.sha256());
            List<RegionStatus> refused = awaitRegions(s -> s.bundleRejection() != null && older.sha256().equals(s.bundleRejection().sha256()));
            assertThat(refused).allSatisfy(s -> {
                assertThat(s.bundleRejection().reason()).contains("older than " + newer.version());
                assertThat(s.policyBundles()).anySatisfy(b -> assertThat(b.sha256()).isEqualTo(newer.sha256()));
                assertThat(s.state()).isEqualTo(RegionState.DEGRADED);
            });
            // The console, after its refresh interval, keeps deciding with the newer bundle too.
            sleep(6_000);
            assertThat(policy.bundle(PolicyChannel.STANDARD).sha256()).isEqualTo(newer.sha256());
        } finally {
            swapCurrent(older.sha256(), newer.sha256());
        }
        List<RegionStatus> healed = awaitRegions(s -> s.bundleRejection() == null && s.state() == RegionState.HEALTHY);
        assertThat(healed).allSatisfy(s -> assertThat(s.policyBundles()).anySatisfy(b -> assertThat(b.sha256()).isEqualTo(newer.sha256())));
    }

    private void swapCurrent(String fromSha, String toSha) {
        db.transaction(t -> {
            t.dsl().update(POLICY_BUNDLE).set(POLICY_BUNDLE.STATUS, "SUPERSEDED").where(POLICY_BUNDLE.BUNDLE_SHA256.eq(fromSha)).execute();
            t.dsl().update(POLICY_BUNDLE).set(POLICY_BUNDLE.STATUS, "CURRENT").where(POLICY_BUNDLE.BUNDLE_SHA256.eq(toSha)).execute();
        });
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
}
