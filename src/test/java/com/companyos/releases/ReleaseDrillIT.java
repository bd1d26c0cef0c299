package com.companyos.releases;

import com.companyos.agentapi.AgentPaths;
import com.companyos.audit.AuditService;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.Dsse;
import com.companyos.pki.SigningKey;
import com.companyos.regions.RegionAgents;
import com.companyos.releases.internal.CanaryStep;
import com.companyos.releases.internal.Rollouts;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The release drill, with the embedded stack as its staging target ({@code bin/release-drill} runs this for a person):
 * promote a good release to 100 % in us-east under tenant traffic; then canary a faulty one whose release settings
 * make half of its governed requests fail — the analysis aborts it, traffic returns to the good release on its own,
 * the release is quarantined and its history and the audit log say why; then {@code rollback --to} the release before
 * the good one, with a signed statement. Between them, a release whose deterministic export changed passes its canary
 * steps below 100 % and is stopped there by its scorecard (no-go: the analysis aborts it); the good release's sealed
 * scorecard says go. Times from fault to automatic rollback (target ≤ 2 minutes with the drill's
 * short windows) and from abort verdict to all-stable (target ≤ 5 s) are asserted and written to
 * {@code target/release-drill.json}.
 */
class ReleaseDrillIT extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = US_EAST.value();

    @Autowired
    ReleaseService releases;
    @Autowired
    TenantService tenants;
    @Autowired
    RegionAgents agents;
    @Autowired
    ControlPlaneKeys keys;
    @Autowired
    AuditService audit;

    @Test
    void a_good_release_is_promoted_a_faulty_one_aborts_by_itself_and_the_region_is_rolled_back() throws Exception {
        awaitAllRegionsHealthy();
        waits().abortUnfinished("The release drill starts from a quiet region");
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Tenant t = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("drill"), false, REGION, "eu-west", null, "US"));
        DataApi app = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(US_EAST), t.slug(),
                As.operator(() -> tenants.issueToken(t.slug(), "release-drill")).token());
        assertThat(app.put("seed", "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"seed\"}").statusCode()).isEqualTo(200);
        String before = waits().stable();
        String good = "drill-good-" + suffix;
        String faulty = "drill-faulty-" + suffix;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("region", REGION);
        report.put("releaseBefore", before);

        AtomicBoolean load = new AtomicBoolean(true);
        AtomicLong served = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Thread traffic = new Thread(() -> {
            while (load.get()) {
                try {
                    HttpResponse<String> r = app.get("seed");
                    (r.statusCode() == 200 ? served : failed).incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet(); // the region agent restarts onto a promoted release
                    sleep(100);
                }
            }
        }, "drill-traffic");
        traffic.start();
        try {
            // 1. A good release, promoted step by step to all traffic.
            As.operator(() -> releases.register(new ReleaseRegistration(good, before, Map.of("companyos.agent.write-timeout", "9s"),
                    "Release drill: the good release"), null));
            Instant promoteStarted = Instant.now();
            Rollout first = As.operator(() -> releases.startCanary(REGION, good, "Release drill: promote", false, null,
                    List.of(new CanaryStep(50, Duration.ofSeconds(3), 20, Duration.ofSeconds(90)),
                            new CanaryStep(100, Duration.ofSeconds(3), 20, Duration.ofSeconds(90)))));
            Rollout promoted = waits().rollout(first.id(), r -> r.state().finished(), Duration.ofMinutes(3));
            assertThat(promoted.state()).as(String.valueOf(promoted.endReason())).isEqualTo(RolloutState.PROMOTED);
            waits().agentRelease(good);
            report.put("promoteMillis", Duration.between(promoteStarted, Instant.now()).toMillis());
            assertThat(As.operator(() -> releases.verdicts(first.id()))).extracting(RolloutVerdict::action).contains("ADVANCE");
            // Its scorecard said go before 100 % and is sealed: every gate passed (synthetic-green at least warns: the
            // analysis' own synthetic probes, no probes module here).
            ReleaseScorecard goCard = waits().sealedScorecard(good);
            assertThat(goCard.verdict()).as(goCard.json()).isEqualTo(ReleaseScorecard.GO);
            assertThat(goCard.gates()).extracting(ScorecardGate::name).containsExactly("policy-tests", "deterministic-export", "spec-parity",
                    "canary-completed", "synthetic-green");
            assertThat(goCard.gates()).allSatisfy(g -> assertThat(g.passes()).as(g.name() + ": " + g.summary()).isTrue());
            assertThat(goCard.gates().stream().filter(g -> g.name().equals("spec-parity")).findFirst().orElseThrow().summary()).contains("equal");
            report.put("goScorecardSha256", goCard.sha256());

            // 2. A faulty release: the analysis aborts it and traffic returns to the good release by itself.
            As.operator(() -> releases.register(new ReleaseRegistration(faulty, good, Map.of("companyos.agent.write-timeout", "9s",
                    "companyos.agent.faults.error-share", "0.5"), "Release drill: half of its governed requests fail"), null));
            Rollout second = As.operator(() -> releases.startCanary(REGION, faulty, "Release drill: faulty canary", false, null,
                    List.of(new CanaryStep(50, Duration.ofMinutes(10), 1_000_000, Duration.ofMinutes(10)),
                            new CanaryStep(100, Duration.ofMinutes(10), 1, Duration.ofMinutes(10)))));
            Instant fault = waits().splitInForce(second.id());
            Rollout aborted = waits().rollout(second.id(), r -> r.state().finished(), Duration.ofMinutes(2));
            assertThat(aborted.state()).isEqualTo(RolloutState.ABORTED);
            long faultToRollback = Duration.between(fault, aborted.endedAt()).toMillis();
            report.put("faultToAutomaticRollbackMillis", faultToRollback);
            report.put("abortVerdictToAllStableMillis", aborted.abortToStableMillis());
            assertThat(faultToRollback).as("fault to automatic rollback").isLessThanOrEqualTo(120_000L);
            assertThat(aborted.abortToStableMillis()).as("abort verdict to all-stable").isNotNull().isLessThanOrEqualTo(5_000L);
            List<RolloutVerdict> verdicts = As.operator(() -> releases.verdicts(second.id()));
            RolloutVerdict verdict = verdicts.get(verdicts.size() - 1);
            assertThat(verdict.action()).isEqualTo("ABORT");
            assertThat(verdict.tripped()).containsAnyOf("synthetic", "error-rate");
            assertThat(verdict.signals()).extracting(s -> s.name()).containsExactly("synthetic", "residency", "error-rate", "latency-p99", "burn-rate");
            report.put("abortVerdict", Map.of("decisionId", verdict.decisionId().toString(), "tripped", verdict.tripped(),
                    "rationale", verdict.rationale()));
            assertThat(aborted.endReason()).contains(verdict.decisionId().toString());
            for (int i = 0; i < 30; i++) {
                HttpResponse<String> r = app.get("seed");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue(AgentPaths.RELEASE_HEADER)).contains(good);
            }
            assertThat(As.operator(() -> releases.get(faulty)).quarantined()).isTrue();
            assertThat(As.operator(() -> releases.history(faulty)).events()).extracting(ReleaseEvent::kind)
                    .contains("registered", "canary-started", "canary-launched", "step-started", "aborted", "quarantined");
            assertThat(TestTenants.entries(audit, "release.aborted", "region:" + REGION))
                    .anySatisfy(e -> assertThat(e.reason()).contains(verdict.decisionId().toString()));

            // 3. A release whose export is no longer deterministic: its steps below 100 % pass, the scorecard's
            // deterministic-export gate fails when it is about to go to 100 %, and the analysis aborts it there.
            String unstable = "drill-unstable-" + suffix;
            As.operator(() -> releases.register(new ReleaseRegistration(unstable, good, Map.of("companyos.agent.write-timeout", "9s",
                    "companyos.agent.faults.unstable-export", "true"), "Release drill: stamps the time into its deterministic export"), null));
            Rollout third = As.operator(() -> releases.startCanary(REGION, unstable, "Release drill: a no-go release", false, null,
                    List.of(new CanaryStep(50, Duration.ofSeconds(3), 20, Duration.ofSeconds(90)),
                            new CanaryStep(100, Duration.ofSeconds(3), 20, Duration.ofSeconds(90)))));
            Rollout refused = waits().rollout(third.id(), r -> r.state().finished(), Duration.ofMinutes(3));
            assertThat(refused.state()).as(String.valueOf(refused.endReason())).isEqualTo(RolloutState.ABORTED);
            assertThat(refused.endReason()).contains("Promotion to 100 % refused").contains("deterministic-export fail");
            assertThat(refused.stepIndex()).as("never reached the 100 % step").isZero();
            assertThat(As.operator(() -> releases.verdicts(third.id()))).extracting(RolloutVerdict::action).contains("ADVANCE");
            ReleaseScorecard noGo = waits().sealedScorecard(unstable);
            assertThat(noGo.verdict()).isEqualTo(ReleaseScorecard.NO_GO);
            assertThat(noGo.blocking()).extracting(ScorecardGate::name).contains("deterministic-export");
            waits().agentRelease(good);

            // 4. Roll back to the release before the good one: audited, signed, the agent restarted on it.
            Instant rollbackStarted = Instant.now();
            List<Rollouts.RollbackResult> results = As.operator(() -> releases.rollback(before, REGION, "Release drill: back to the start"));
            waits().agentRelease(before);
            report.put("rollbackMillis", Duration.between(rollbackStarted, Instant.now()).toMillis());
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.from()).isEqualTo(good);
                assertThat(r.to()).isEqualTo(before);
                assertThat(r.restarted()).isTrue();
            });
            ReleaseEvent statement = As.operator(() -> releases.history(before)).events().stream()
                    .filter(e -> e.kind().equals("rollback-statement")).reduce((a, b) -> b).orElseThrow();
            assertThat(com.companyos.base.Hashing.sha256Hex(statement.detail())).isEqualTo(results.get(0).evidenceSha256());
            JsonNode envelope = JSON.readTree(statement.detail());
            byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
            assertThat(SigningKey.verify(keys.platformSigningKey().certificate().getPublicKey(), Dsse.pae(Dsse.IN_TOTO, payload),
                    Base64.getDecoder().decode(envelope.path("signatures").get(0).path("sig").asText()))).isTrue();
            JsonNode predicate = JSON.readTree(payload).path("predicate");
            assertThat(predicate.path("from").asText()).isEqualTo(good);
            assertThat(predicate.path("to").asText()).isEqualTo(before);
            assertThat(predicate.path("by").asText()).isEqualTo("operator");
            assertThat(TestTenants.entries(audit, "release.rolled-back", "region:" + REGION))
                    .anySatisfy(e -> assertThat(e.reason()).isEqualTo("Release drill: back to the start"));
        } finally {
            load.set(false);
            traffic.join(10_000);
            report.put("tenantRequestsServed", served.get());
            report.put("tenantRequestsFailed", failed.get());
            Files.writeString(Path.of("target", "release-drill.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
            System.out.println("[release-drill] " + JSON.writeValueAsString(report));
            if (!before.equals(waits().stable())) {
                As.operator(() -> releases.rollback(before, REGION, "Release drill cleans up"));
            }
        }
    }

    // ------------------------------------------------------------------ helpers


    private com.companyos.support.ReleaseWaits waits() {
        return new com.companyos.support.ReleaseWaits(releases, agents, US_EAST);
    }
}
