package com.companyos.releases.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepJudgeTest {

    /** 25 % for at least 10 min and 500 canary requests; 30 min more without a result pauses. */
    private static final CanaryStep STEP = new CanaryStep(25, Duration.ofMinutes(10), 500, Duration.ofMinutes(30));
    private static final CanaryStep LAST_STEP = new CanaryStep(100, Duration.ofMinutes(10), 500, Duration.ofMinutes(30));
    private static final Duration DONE = Duration.ofMinutes(12);

    private static int windowCount;

    /** A window verdict with the five signals PASS except the named ones, which FAIL. */
    private static WindowVerdict window(String... failing) {
        List<String> fail = List.of(failing);
        List<Signal> signals = new ArrayList<>();
        for (String name : CanaryAnalysis.SIGNALS) {
            boolean critical = name.equals("synthetic") || name.equals("residency");
            signals.add(new Signal(name, critical, fail.contains(name) ? SignalState.FAIL : SignalState.PASS, 0, 0,
                    name + (fail.contains(name) ? " failed." : " passed.")));
        }
        Outcome outcome = fail.isEmpty() ? Outcome.PASS : Outcome.FAIL;
        return verdict(outcome, signals, fail.isEmpty() ? null : String.join(",", fail), outcome + " window.");
    }

    private static WindowVerdict withState(Outcome outcome, String name, SignalState state) {
        List<Signal> signals = new ArrayList<>();
        for (String n : CanaryAnalysis.SIGNALS) {
            boolean critical = n.equals("synthetic") || n.equals("residency");
            SignalState s = outcome == Outcome.ERROR ? SignalState.ERROR : n.equals(name) ? state : SignalState.PASS;
            signals.add(new Signal(n, critical, s, 0, 0, n + " " + s + "."));
        }
        return verdict(outcome, signals, null, switch (outcome) {
            case INCONCLUSIVE -> "The window is inconclusive on error-rate. Only 120 canary requests in this window, fewer than the 200 needed.";
            case ERROR -> "The window could not be measured (router scrape timed out); it counts as neither a pass nor a failure.";
            default -> outcome + " window.";
        });
    }

    private static WindowVerdict inconclusive() {
        return withState(Outcome.INCONCLUSIVE, "error-rate", SignalState.INCONCLUSIVE);
    }

    private static WindowVerdict unmeasured() {
        return withState(Outcome.ERROR, null, null);
    }

    private static WindowVerdict syntheticNotRun() {
        return withState(Outcome.PASS, "synthetic", SignalState.NOT_RUN);
    }

    private static WindowVerdict verdict(Outcome outcome, List<Signal> signals, String tripped, String rationale) {
        Instant at = Instant.parse("2025-03-01T10:00:00Z").plusSeconds(300L * ++windowCount);
        return new WindowVerdict(UUID.randomUUID(), at, outcome, signals, tripped, rationale);
    }

    private static StepDecision decide(WindowVerdict... history) {
        return StepJudge.decide(STEP, DONE, 2500, 10_000, List.of(history));
    }

    @Test
    void two_consecutive_critical_synthetic_failures_abort() {
        StepDecision d = decide(window(), window("synthetic"), window("synthetic"));

        assertThat(d.action()).isEqualTo(StepAction.ABORT);
        assertThat(d.reason()).startsWith("A critical signal failed in each of the last two windows (synthetic at ")
                .endsWith("synthetic failed.");
    }

    @Test
    void one_failing_synthetic_run_does_not_abort() {
        assertThat(decide(window("synthetic")).action()).isEqualTo(StepAction.WAIT);
        assertThat(decide(window("synthetic"), window()).action()).isEqualTo(StepAction.ADVANCE);
        assertThat(decide(window("synthetic"), window(), window("synthetic")).action()).isEqualTo(StepAction.WAIT);
    }

    @Test
    void different_critical_signals_failing_in_two_consecutive_windows_abort() {
        assertThat(decide(window("residency"), window("synthetic")).action()).isEqualTo(StepAction.ABORT);
    }

    @Test
    void two_failing_synthetic_runs_abort_even_with_a_window_between_where_it_did_not_run() {
        StepDecision d = decide(window("synthetic"), syntheticNotRun(), window("synthetic"));

        assertThat(d.action()).isEqualTo(StepAction.ABORT);
        assertThat(d.reason()).startsWith("The critical synthetic signal failed in its last two runs");
    }

    @Test
    void a_measurement_error_neither_breaks_nor_completes_a_run_of_failing_windows() {
        assertThat(decide(window("residency"), unmeasured(), window("residency")).action()).isEqualTo(StepAction.ABORT);
        assertThat(decide(window("residency"), unmeasured()).action()).isEqualTo(StepAction.WAIT);
    }

    @Test
    void a_single_noisy_signal_does_not_abort() {
        StepDecision d = decide(window("burn-rate"), window("burn-rate"), window("burn-rate"), window("burn-rate"));

        assertThat(d.action()).isEqualTo(StepAction.WAIT);
        assertThat(d.reason()).isEqualTo("The last window failed (burn-rate); one failing window does not abort, "
                + "the next one decides. FAIL window.");
    }

    @Test
    void two_signals_failing_in_two_consecutive_windows_abort() {
        StepDecision d = decide(window("error-rate", "burn-rate"), window("error-rate", "latency-p99", "burn-rate"));

        assertThat(d.action()).isEqualTo(StepAction.ABORT);
        assertThat(d.reason()).startsWith("At least two signals failed in each of the last two windows (error-rate, burn-rate at ")
                .contains("error-rate, latency-p99, burn-rate at ");
    }

    @Test
    void two_signals_failing_in_only_one_of_two_windows_do_not_abort() {
        assertThat(decide(window("error-rate", "burn-rate"), window("burn-rate")).action()).isEqualTo(StepAction.WAIT);
        assertThat(decide(window("error-rate", "burn-rate"), window(), window("error-rate", "burn-rate")).action())
                .isEqualTo(StepAction.WAIT);
    }

    @Test
    void an_abort_does_not_wait_for_the_minimum_duration() {
        StepDecision d = StepJudge.decide(STEP, Duration.ofMinutes(2), 40, 160, List.of(window("residency"), window("residency")));

        assertThat(d.action()).isEqualTo(StepAction.ABORT);
    }

    @Test
    void a_step_waits_for_its_minimum_duration_and_requests() {
        StepDecision early = StepJudge.decide(STEP, Duration.ofMinutes(5), 2500, 10_000, List.of(window()));
        StepDecision thin = StepJudge.decide(STEP, DONE, 120, 480, List.of(window()));

        assertThat(early.action()).isEqualTo(StepAction.WAIT);
        assertThat(early.reason()).isEqualTo("The step at 25 % has run 5 min of its 10 min minimum.");
        assertThat(thin.action()).isEqualTo(StepAction.WAIT);
        assertThat(thin.reason()).isEqualTo("The canary has served 120 of the 500 requests this step needs (too few requests).");
    }

    @Test
    void a_passing_step_on_its_target_split_advances() {
        StepDecision d = StepJudge.decide(STEP, DONE, 2530, 10_000, List.of(inconclusive(), window()));

        assertThat(d.action()).isEqualTo(StepAction.ADVANCE);
        assertThat(d.reason()).isEqualTo("The last window passed and the canary served 25.3 % of 10000 requests "
                + "against a 25 % target; advancing from 25 %.");
    }

    @Test
    void a_step_off_its_target_split_waits() {
        StepDecision d = StepJudge.decide(STEP, DONE, 3100, 10_000, List.of(window()));

        assertThat(d.action()).isEqualTo(StepAction.WAIT);
        assertThat(d.reason()).isEqualTo("The canary served 31.0 % of 10000 requests, off its 25 % target by more than 2 points.");
    }

    @Test
    void a_split_exactly_two_points_off_is_still_on_target() {
        assertThat(StepJudge.decide(STEP, DONE, 2700, 10_000, List.of(window())).action()).isEqualTo(StepAction.ADVANCE);
        assertThat(StepJudge.decide(STEP, DONE, 2300, 10_000, List.of(window())).action()).isEqualTo(StepAction.ADVANCE);
        assertThat(StepJudge.decide(STEP, DONE, 2701, 10_000, List.of(window())).action()).isEqualTo(StepAction.WAIT);
    }

    @Test
    void the_last_step_does_not_advance_while_the_old_version_still_serves() {
        // 99.9 % is within 2 points of 100 %, yet the old version still answered 10 requests.
        StepDecision stillServing = StepJudge.decide(LAST_STEP, DONE, 9990, 10_000, List.of(window()));
        StepDecision done = StepJudge.decide(LAST_STEP, DONE, 10_000, 10_000, List.of(window()));

        assertThat(stillServing.action()).isEqualTo(StepAction.WAIT);
        assertThat(stillServing.reason()).isEqualTo("At 100 % the old version must serve nothing, but it served 10 of the "
                + "10000 requests in this step (the canary served 99.9 %).");
        assertThat(done.action()).isEqualTo(StepAction.ADVANCE);
        assertThat(done.reason()).isEqualTo("The last window passed and the canary served all 10000 requests of this step; advancing from 100 %.");
    }

    @Test
    void a_step_waits_on_an_inconclusive_or_unmeasured_last_window() {
        StepDecision afterInconclusive = decide(window(), inconclusive());
        StepDecision afterError = decide(window(), unmeasured());

        assertThat(afterInconclusive.action()).isEqualTo(StepAction.WAIT);
        assertThat(afterInconclusive.reason()).startsWith("The last window was inconclusive: ").contains("Only 120 canary requests");
        assertThat(afterError.action()).isEqualTo(StepAction.WAIT);
        assertThat(afterError.reason()).startsWith("The last window had a measurement error: ");
    }

    @Test
    void a_step_without_a_judged_window_or_served_traffic_waits() {
        var noMinimum = new CanaryStep(25, Duration.ZERO, 0, Duration.ofMinutes(30));

        assertThat(decide().reason()).isEqualTo("No analysis window of this step has been judged yet.");
        assertThat(StepJudge.decide(noMinimum, DONE, 0, 0, List.of(window())).reason())
                .isEqualTo("The router has reported no requests served in this step, so the split cannot be checked.");
    }

    @Test
    void a_step_inconclusive_beyond_its_limit_pauses() {
        StepDecision d = StepJudge.decide(STEP, Duration.ofMinutes(41), 2500, 10_000,
                List.of(inconclusive(), unmeasured(), inconclusive()));

        assertThat(d.action()).isEqualTo(StepAction.PAUSE);
        assertThat(d.reason()).startsWith("The step at 25 % has run 41 min, longer than its 10 min minimum plus 30 min "
                        + "allowed without a result, and still cannot advance; pausing for a person. The last window was inconclusive: ")
                .endsWith("Of the step's 3 windows, 2 inconclusive and 1 with measurement errors.");
    }

    @Test
    void a_step_at_exactly_its_limit_still_waits() {
        assertThat(StepJudge.decide(STEP, Duration.ofMinutes(40), 2500, 10_000, List.of(inconclusive())).action())
                .isEqualTo(StepAction.WAIT);
    }

    @Test
    void a_step_starved_of_requests_beyond_its_limit_pauses_and_says_so() {
        StepDecision d = StepJudge.decide(STEP, Duration.ofMinutes(45), 300, 1200, List.of(window(), window()));

        assertThat(d.action()).isEqualTo(StepAction.PAUSE);
        assertThat(d.reason()).contains("The canary has served 300 of the 500 requests this step needs (too few requests).")
                .endsWith("Of the step's 2 windows, 2 passed.");
    }

    @Test
    void a_step_that_can_advance_beyond_its_limit_advances() {
        assertThat(StepJudge.decide(STEP, Duration.ofHours(2), 2500, 10_000, List.of(inconclusive(), window())).action())
                .isEqualTo(StepAction.ADVANCE);
    }

    @Test
    void a_step_weight_outside_one_to_a_hundred_is_refused() {
        assertThatThrownBy(() -> new CanaryStep(0, Duration.ZERO, 0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanaryStep(101, Duration.ZERO, 0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
