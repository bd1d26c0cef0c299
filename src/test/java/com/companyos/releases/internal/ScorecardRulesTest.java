package com.companyos.releases.internal;

import com.companyos.releases.ProbeRunEvidence;
import com.companyos.releases.ReleaseScorecard;
import com.companyos.releases.Rollout;
import com.companyos.releases.RolloutState;
import com.companyos.releases.RolloutVerdict;
import com.companyos.releases.ScorecardGate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The scorecard's verdict and the gates judged from a rollout's history, with records built here (no database). */
class ScorecardRulesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void every_required_gate_passing_or_warning_is_go_and_a_warning_is_named() {
        List<ScorecardGate> gates = allWith(ScorecardGate.PASS);
        assertThat(ScorecardRules.verdict(gates)).isEqualTo(ReleaseScorecard.GO);
        gates.set(4, gate(ScorecardRules.SYNTHETIC_GREEN, ScorecardGate.WARN));
        assertThat(ScorecardRules.verdict(gates)).isEqualTo(ReleaseScorecard.GO);
        assertThat(ScorecardRules.reason(gates)).startsWith("go").contains("warnings: synthetic-green");
        assertThat(ScorecardRules.failed(gates)).isFalse();
    }

    @Test
    void one_failing_gate_is_no_go_whatever_the_others_say() {
        for (int i = 0; i < ScorecardRules.REQUIRED.size(); i++) {
            List<ScorecardGate> gates = allWith(ScorecardGate.PASS);
            gates.set(i, gate(ScorecardRules.REQUIRED.get(i), ScorecardGate.FAIL));
            assertThat(ScorecardRules.verdict(gates)).as("failed " + ScorecardRules.REQUIRED.get(i)).isEqualTo(ReleaseScorecard.NO_GO);
            assertThat(ScorecardRules.failed(gates)).isTrue();
            assertThat(ScorecardRules.reason(gates)).contains(ScorecardRules.REQUIRED.get(i) + " fail");
        }
    }

    @Test
    void a_gate_not_run_is_never_a_pass_and_holds_rather_than_fails() {
        List<ScorecardGate> gates = allWith(ScorecardGate.PASS);
        gates.set(1, gate(ScorecardRules.DETERMINISTIC_EXPORT, ScorecardGate.NOT_RUN));
        assertThat(gates.get(1).passes()).isFalse();
        assertThat(ScorecardRules.verdict(gates)).isEqualTo(ReleaseScorecard.NO_GO);
        assertThat(ScorecardRules.failed(gates)).as("not run is not an outright failure").isFalse();
        assertThat(ScorecardRules.reason(gates)).contains("deterministic-export not_run");
    }

    @Test
    void a_missing_required_gate_is_no_go() {
        List<ScorecardGate> gates = allWith(ScorecardGate.PASS);
        gates.remove(2);
        assertThat(ScorecardRules.verdict(gates)).isEqualTo(ReleaseScorecard.NO_GO);
        assertThat(ScorecardRules.reason(gates)).contains("not judged: spec-parity");
        assertThat(ScorecardRules.verdict(List.of())).isEqualTo(ReleaseScorecard.NO_GO);
    }

    @Test
    void canary_completed_passes_only_when_every_step_below_100_advanced_by_analysis() {
        Rollout r = rollout(RolloutState.RUNNING, 1);
        assertThat(HistoryGates.canaryCompleted(r, List.of(verdict(r, 0, "ADVANCE", SignalState.PASS)), T0).gate().status())
                .isEqualTo(ScorecardGate.PASS);
        var waiting = HistoryGates.canaryCompleted(r, List.of(verdict(r, 0, "WAIT", SignalState.PASS)), T0).gate();
        assertThat(waiting.status()).as("a step that only waited has not passed").isEqualTo(ScorecardGate.NOT_RUN);
        assertThat(waiting.summary()).contains("step 1 (10 %)");
        assertThat(HistoryGates.canaryCompleted(rollout(RolloutState.ABORTED, 1), List.of(verdict(r, 0, "ADVANCE", SignalState.PASS)), T0)
                .gate().status()).isEqualTo(ScorecardGate.FAIL);
        assertThat(HistoryGates.canaryCompleted(rollout(RolloutState.ROLLED_BACK, 1), List.of(), T0).gate().status())
                .isEqualTo(ScorecardGate.FAIL);
    }

    @Test
    void synthetic_green_is_not_run_without_probes_warns_on_the_analysis_alone_and_fails_on_a_failed_run() {
        Rollout r = rollout(RolloutState.RUNNING, 1);
        assertThat(HistoryGates.syntheticGreen(r, List.of(), null, false, T0).gate().status()).isEqualTo(ScorecardGate.NOT_RUN);
        assertThat(HistoryGates.syntheticGreen(r, List.of(verdict(r, 0, "WAIT", SignalState.NOT_RUN)), List.of(), false, T0).gate().status())
                .as("windows whose probes did not run count for nothing").isEqualTo(ScorecardGate.NOT_RUN);
        List<RolloutVerdict> green = List.of(verdict(r, 0, "WAIT", SignalState.PASS), verdict(r, 0, "ADVANCE", SignalState.PASS));
        var analysisOnly = HistoryGates.syntheticGreen(r, green, null, false, T0).gate();
        assertThat(analysisOnly.status()).isEqualTo(ScorecardGate.WARN);
        assertThat(analysisOnly.summary()).contains("no probes module");
        assertThat(HistoryGates.syntheticGreen(r, green, null, true, T0).gate().status()).as("probe runs required")
                .isEqualTo(ScorecardGate.NOT_RUN);
        assertThat(HistoryGates.syntheticGreen(r, green, List.of(run("pass"), run("pass")), true, T0).gate().status())
                .isEqualTo(ScorecardGate.PASS);
        assertThat(HistoryGates.syntheticGreen(r, green, List.of(run("pass"), run("degraded")), true, T0).gate().status())
                .isEqualTo(ScorecardGate.WARN);
        assertThat(HistoryGates.syntheticGreen(r, green, List.of(run("probe_error")), true, T0).gate().status())
                .as("a probe that broke says nothing about the release").isEqualTo(ScorecardGate.NOT_RUN);
        assertThat(HistoryGates.syntheticGreen(r, green, List.of(run("pass"), run("fail")), false, T0).gate().status())
                .isEqualTo(ScorecardGate.FAIL);
        List<RolloutVerdict> twoInARow = List.of(verdict(r, 0, "WAIT", SignalState.FAIL), verdict(r, 0, "WAIT", SignalState.FAIL));
        assertThat(HistoryGates.syntheticGreen(r, twoInARow, List.of(run("pass")), false, T0).gate().status()).isEqualTo(ScorecardGate.FAIL);
        List<RolloutVerdict> blip = List.of(verdict(r, 0, "WAIT", SignalState.FAIL), verdict(r, 0, "ADVANCE", SignalState.PASS));
        assertThat(HistoryGates.syntheticGreen(r, blip, List.of(run("pass")), false, T0).gate().status()).isEqualTo(ScorecardGate.WARN);
    }

    @Test
    void each_gate_names_its_evidence_by_the_sha256_of_the_file() {
        Rollout r = rollout(RolloutState.RUNNING, 1);
        GateJudgement j = HistoryGates.canaryCompleted(r, List.of(verdict(r, 0, "ADVANCE", SignalState.PASS)), T0);
        assertThat(j.gate().evidenceFile()).isEqualTo("evidence/canary-completed.json");
        assertThat(j.gate().evidenceSha256()).isEqualTo(com.companyos.base.Hashing.sha256Hex(j.evidence()));
        assertThat(j.evidence()).contains("\"passedBy\"").contains(r.id().toString());
    }

    // ------------------------------------------------------------------ builders

    private static List<ScorecardGate> allWith(String status) {
        List<ScorecardGate> gates = new ArrayList<>();
        ScorecardRules.REQUIRED.forEach(n -> gates.add(gate(n, status)));
        return gates;
    }

    private static ScorecardGate gate(String name, String status) {
        return new ScorecardGate(name, true, status, name + " was " + status, Map.of(), "rule", "evidence/" + name + ".json", "0".repeat(64),
                "test", T0);
    }

    private static Rollout rollout(RolloutState state, int stepIndex) {
        List<CanaryStep> steps = List.of(new CanaryStep(10, Duration.ofMinutes(1), 10, Duration.ofMinutes(5)),
                new CanaryStep(100, Duration.ofMinutes(1), 10, Duration.ofMinutes(5)));
        return new Rollout(UUID.nameUUIDFromBytes(state.name().getBytes()), "us-east", "2.0", "1.0", state, steps, stepIndex, T0,
                "https://localhost:1", "operator", "test", T0, state.finished() ? T0.plusSeconds(60) : null,
                state.finished() ? "ended in the test" : null, null);
    }

    private static RolloutVerdict verdict(Rollout r, int step, String action, SignalState synthetic) {
        Signal s = new Signal(SignalRules.SYNTHETIC, true, synthetic, 0, 0, "synthetic " + synthetic);
        return new RolloutVerdict(UUID.randomUUID(), r.id(), step, r.steps().get(step).weightPercent(), "PASS", List.of(s), null, "why",
                action, "because", 10, 100, Map.of(), T0, T0.plusSeconds(30));
    }

    private static ProbeRunEvidence run(String status) {
        return new ProbeRunEvidence(UUID.randomUUID(), "login", "us-east", "2.0", status, T0.plusSeconds(10), 120);
    }
}
