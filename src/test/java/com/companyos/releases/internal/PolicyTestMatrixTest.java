package com.companyos.releases.internal;

import com.companyos.policy.PolicyBundle;
import com.companyos.policy.PolicyChannel;
import com.companyos.releases.ScorecardGate;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The policy-tests gate's matrix over the real Cedar engine: the shipped bundles pass, a weakened one fails. */
class PolicyTestMatrixTest {

    private static final Clock CLOCK = Clock.systemUTC();

    @Test
    void the_shipped_bundles_answer_every_case_of_the_matrix_as_promised() {
        for (PolicyChannel channel : PolicyChannel.values()) {
            PolicyBundle bundle = PolicyBundle.fromClasspath(channel);
            List<PolicyTestMatrix.Result> results = PolicyTestMatrix.run(bundle, CLOCK);
            assertThat(results).hasSizeGreaterThan(500);
            assertThat(results.stream().filter(r -> !r.ok()).map(r -> r.question().toString()).toList()).as(channel + " mismatches").isEmpty();
            assertThat(results).extracting(r -> r.question().seam()).contains("routing", "ingress", "write-storage", "export", "egress",
                    "analytics", "evidence-staging", "replication");
            assertThat(results).anyMatch(r -> r.allowed()).anyMatch(r -> !r.allowed());
            GateJudgement gate = ReleaseGates.judgedMatrix(bundle, results, Map.of(), "rule", Instant.now());
            assertThat(gate.gate().status()).isEqualTo(ScorecardGate.PASS);
        }
    }

    @Test
    void a_bundle_that_lets_pii_leave_the_zone_fails_the_gate_and_names_the_case() {
        Map<String, String> files = new HashMap<>(PolicyBundle.fromClasspath(PolicyChannel.STANDARD).files());
        assertThat(files.remove("sensitive-export-stays-in-zone.cedar")).isNotNull();
        PolicyBundle weakened = PolicyBundle.of(files);
        List<PolicyTestMatrix.Result> results = PolicyTestMatrix.run(weakened, CLOCK);
        List<PolicyTestMatrix.Result> wrong = results.stream().filter(r -> !r.ok()).toList();
        assertThat(wrong).isNotEmpty().allSatisfy(r -> {
            assertThat(r.question().action()).isEqualTo("export");
            assertThat(r.question().expectAllow()).isFalse();
            assertThat(r.allowed()).isTrue();
        });
        GateJudgement gate = ReleaseGates.judgedMatrix(weakened, results, Map.of(), "rule", Instant.now());
        assertThat(gate.gate().status()).isEqualTo(ScorecardGate.FAIL);
        assertThat(gate.gate().summary()).contains("export");
        assertThat(gate.evidence()).contains("\"ok\" : false");
    }
}
