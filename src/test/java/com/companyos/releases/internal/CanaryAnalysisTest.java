package com.companyos.releases.internal;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CanaryAnalysisTest {

    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant END = Instant.parse("2025-03-01T10:05:00Z");
    /** Bucket bounds of the router's write histogram; the last bucket is unbounded. */
    private static final long[] BOUNDS = {5, 10, 25, 50, 100, 250, 1000, LatencyBucket.UNBOUNDED};

    private final CanaryAnalysis analysis = new CanaryAnalysis(AnalysisThresholds.defaults());

    /** Writes per bucket (not cumulative) in {@link #BOUNDS} order; writes = their sum. */
    private static List<LatencyBucket> histogram(long... perBucket) {
        List<LatencyBucket> buckets = new ArrayList<>();
        long cumulative = 0;
        for (int i = 0; i < BOUNDS.length; i++) {
            cumulative += i < perBucket.length ? perBucket[i] : 0;
            buckets.add(new LatencyBucket(BOUNDS[i], cumulative));
        }
        return buckets;
    }

    private static ReleaseSample sample(long requests, long errors, long... writesPerBucket) {
        List<LatencyBucket> latency = histogram(writesPerBucket);
        return new ReleaseSample(requests, errors, latency.get(latency.size() - 1).count(), latency);
    }

    /** p99 at 10 ms: 1000 writes, 990 within 10 ms. */
    private static ReleaseSample fastWrites(long requests, long errors) {
        return sample(requests, errors, 900, 90, 10);
    }

    private static AnalysisWindow window(ReleaseSample stable, ReleaseSample canary) {
        return new AnalysisWindow(START, END, stable, canary, SyntheticResult.notRun(), 0, null);
    }

    private static AnalysisWindow window(ReleaseSample stable, ReleaseSample canary, SyntheticResult synthetic,
                                         long violations, String measurementError) {
        return new AnalysisWindow(START, END, stable, canary, synthetic, violations, measurementError);
    }

    private static Signal signal(WindowVerdict v, String name) {
        return v.signals().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void the_defaults_are_the_agreed_thresholds() {
        assertThat(AnalysisThresholds.defaults()).isEqualTo(new AnalysisThresholds(200, 0.01, 0.01, 1.5, 10, 0.999, 10));
        assertThatThrownBy(() -> new AnalysisThresholds(200, 0.01, 0, 1.5, 10, 0.999, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("significance");
        assertThatThrownBy(() -> new AnalysisThresholds(200, 0.01, 0.01, 1.5, 10, 1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sloTarget");
    }

    @Test
    void signals_come_in_the_agreed_order_with_synthetic_and_residency_critical() {
        WindowVerdict v = analysis.judge(window(fastWrites(10_000, 20), fastWrites(1000, 2)));

        assertThat(v.signals()).extracting(Signal::name)
                .containsExactly("synthetic", "residency", "error-rate", "latency-p99", "burn-rate");
        assertThat(v.signals()).extracting(Signal::critical).containsExactly(true, true, false, false, false);
    }

    @Test
    void a_healthy_canary_passes_and_the_verdict_is_stamped_with_the_window_end() {
        WindowVerdict v = analysis.judge(window(fastWrites(10_000, 20),
                fastWrites(1000, 2), new SyntheticResult(5, 0, null), 0, null));

        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.tripped()).isNull();
        assertThat(v.at()).isEqualTo(END);
        assertThat(v.decisionId()).isNotNull().isNotEqualTo(analysis.judge(window(fastWrites(10_000, 20), fastWrites(1000, 2))).decisionId());
        assertThat(v.signals()).extracting(Signal::state).containsOnly(SignalState.PASS);
        assertThat(signal(v, "error-rate").value()).isCloseTo(0.002, within(1e-12));
        assertThat(signal(v, "error-rate").threshold()).isCloseTo(0.012, within(1e-12));
        assertThat(signal(v, "latency-p99").value()).isCloseTo(1.0, within(1e-12));
        assertThat(signal(v, "burn-rate").value()).isCloseTo(2.0, within(1e-9));
        assertThat(v.rationale()).isEqualTo("The canary passes: 5xx share 0.2 % (limit 1.2 %), p99 ratio 1.00 (limit 1.50), "
                + "burn rate 2.0 (limit 10.0), synthetic probes passed, no residency violations.");
    }

    @Test
    void a_window_below_the_minimum_sample_is_inconclusive_never_a_pass() {
        WindowVerdict v = analysis.judge(window(fastWrites(10_000, 20), fastWrites(199, 0)));

        assertThat(v.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(v.signals()).extracting(Signal::state).containsExactly(SignalState.NOT_RUN, SignalState.PASS,
                SignalState.INCONCLUSIVE, SignalState.INCONCLUSIVE, SignalState.INCONCLUSIVE);
        assertThat(v.tripped()).isNull();
        assertThat(v.rationale()).isEqualTo("The window is inconclusive on error-rate, latency-p99 and burn-rate. "
                + "Only 199 canary requests in this window, fewer than the 200 needed.");
    }

    @Test
    void a_canary_failing_every_request_below_the_minimum_sample_is_still_inconclusive() {
        WindowVerdict v = analysis.judge(window(fastWrites(10_000, 20), fastWrites(150, 150)));

        assertThat(v.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(signal(v, "error-rate").state()).isEqualTo(SignalState.INCONCLUSIVE);
        assertThat(signal(v, "error-rate").value()).isEqualTo(1.0);
        assertThat(signal(v, "burn-rate").state()).isEqualTo(SignalState.INCONCLUSIVE);
    }

    @Test
    void a_window_without_canary_requests_is_inconclusive_even_without_a_minimum() {
        var noMinimum = new CanaryAnalysis(new AnalysisThresholds(0, 0.01, 0.01, 1.5, 10, 0.999, 10));
        WindowVerdict v = noMinimum.judge(window(fastWrites(10_000, 20), sample(0, 0)));

        assertThat(v.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
        assertThat(signal(v, "error-rate").detail()).isEqualTo("Only 0 canary requests in this window, fewer than the 1 needed.");
    }

    @Test
    void a_measurement_error_is_an_error_not_a_pass_or_fail() {
        // Even counters that would fail every signal are not judged once the window is known to be mismeasured.
        WindowVerdict v = analysis.judge(window(fastWrites(10_000, 20), fastWrites(1000, 900),
                new SyntheticResult(3, 3, "timeout"), 4, "router scrape of eu-west timed out"));

        assertThat(v.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(v.signals()).hasSize(5).extracting(Signal::state).containsOnly(SignalState.ERROR);
        assertThat(v.tripped()).isNull();
        assertThat(v.rationale()).isEqualTo("The window could not be measured (router scrape of eu-west timed out); "
                + "it counts as neither a pass nor a failure.");
    }

    @Test
    void missing_counters_are_a_measurement_error() {
        WindowVerdict v = analysis.judge(window(fastWrites(10_000, 20), null));

        assertThat(v.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(v.rationale()).contains("no counters for the canary");
    }

    @Test
    void a_small_error_difference_on_few_requests_is_not_significant() {
        // 1.6 % vs 0.5 %: 1.1 points over, above the 1-point limit, but p = 0.019 on 250 requests.
        WindowVerdict v = analysis.judge(window(fastWrites(2000, 10), fastWrites(250, 4)));

        Signal errors = signal(v, "error-rate");
        assertThat(errors.state()).isEqualTo(SignalState.PASS);
        assertThat(errors.value()).isCloseTo(0.016, within(1e-12));
        assertThat(errors.threshold()).isCloseTo(0.015, within(1e-12));
        assertThat(errors.detail()).isEqualTo("Canary 5xx share 1.6 % vs stable 0.5 % (limit 1.5 %, p = 0.019) over 250 "
                + "canary requests: above the limit, but not significant at p < 0.01 on this sample.");
    }

    @Test
    void the_same_error_difference_on_many_requests_fails() {
        WindowVerdict v = analysis.judge(window(fastWrites(200_000, 1000), fastWrites(25_000, 400)));

        assertThat(signal(v, "error-rate").state()).isEqualTo(SignalState.FAIL);
        assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(v.tripped()).isEqualTo("error-rate,burn-rate");
    }

    @Test
    void a_large_error_rate_on_enough_requests_fails() {
        WindowVerdict v = analysis.judge(window(fastWrites(10_000, 20), fastWrites(412, 128)));

        assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(v.tripped()).isEqualTo("error-rate,burn-rate");
        assertThat(signal(v, "error-rate").value()).isCloseTo(128.0 / 412, within(1e-12));
        assertThat(v.rationale()).startsWith("The canary fails error-rate and burn-rate. "
                + "Canary 5xx share 31.1 % vs stable 0.2 % (limit 1.2 %, p < 0.001) over 412 canary requests. "
                + "Canary burn rate 310.7 (5xx share 31.1 % against a 0.1 % error budget; limit 10.0)");
    }

    @Test
    void a_significant_increase_within_the_limit_passes() {
        // 0.9 % vs 0.1 % on 100 000 requests each is certainly worse, but by less than the 1-point allowance.
        WindowVerdict v = analysis.judge(window(fastWrites(100_000, 100), fastWrites(100_000, 900)));

        assertThat(signal(v, "error-rate").state()).isEqualTo(SignalState.PASS);
        assertThat(signal(v, "error-rate").detail()).contains("p < 0.001").endsWith("within the limit.");
        assertThat(signal(v, "burn-rate").value()).isCloseTo(9.0, within(1e-9));
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void without_stable_traffic_the_canary_is_tested_against_the_allowed_increase_alone() {
        // 2 % on 400: above 1 % but p = 0.022 for "above 1 %"; 3 % on 400: p < 0.001.
        Signal two = signal(analysis.judge(window(sample(0, 0), fastWrites(400, 8))), "error-rate");
        Signal three = signal(analysis.judge(window(sample(0, 0), fastWrites(400, 12))), "error-rate");

        assertThat(two.state()).isEqualTo(SignalState.PASS);
        assertThat(two.threshold()).isCloseTo(0.01, within(1e-12));
        assertThat(two.detail()).contains("vs no stable traffic", "p = 0.022");
        assertThat(three.state()).isEqualTo(SignalState.FAIL);
    }

    @Test
    void no_errors_anywhere_is_no_evidence_of_a_regression() {
        Signal errors = signal(analysis.judge(window(fastWrites(1000, 0), fastWrites(1000, 0))), "error-rate");

        assertThat(errors.state()).isEqualTo(SignalState.PASS);
        assertThat(errors.detail()).contains("p = 1.000");
    }

    @Test
    void both_releases_failing_every_request_is_not_an_error_rate_regression_but_burns_the_budget() {
        WindowVerdict v = analysis.judge(window(fastWrites(500, 500), fastWrites(500, 500)));

        assertThat(signal(v, "error-rate").state()).isEqualTo(SignalState.PASS);
        assertThat(signal(v, "burn-rate").state()).isEqualTo(SignalState.FAIL);
        assertThat(signal(v, "burn-rate").value()).isCloseTo(1000, within(1e-6));
        assertThat(v.tripped()).isEqualTo("burn-rate");
    }

    @Test
    void a_canary_failing_every_request_against_a_clean_stable_fails() {
        Signal errors = signal(analysis.judge(window(fastWrites(10_000, 0), fastWrites(300, 300))), "error-rate");

        assertThat(errors.state()).isEqualTo(SignalState.FAIL);
        assertThat(errors.detail()).isEqualTo("Canary 5xx share 100.0 % vs stable 0.0 % (limit 1.0 %, p < 0.001) over 300 canary requests.");
    }

    @Test
    void counters_that_cannot_be_true_are_an_error_for_the_signals_that_read_them() {
        ReleaseSample impossible = fastWrites(300, 301);
        WindowVerdict unreadable = analysis.judge(window(fastWrites(10_000, 20), impossible));
        WindowVerdict withViolation = analysis.judge(window(fastWrites(10_000, 20), impossible, SyntheticResult.notRun(), 1, null));

        assertThat(unreadable.signals()).extracting(Signal::state).containsExactly(SignalState.NOT_RUN, SignalState.PASS,
                SignalState.ERROR, SignalState.PASS, SignalState.ERROR);
        assertThat(unreadable.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(signal(unreadable, "error-rate").detail()).isEqualTo("The canary counters cannot be true: 301 server errors of 300 requests.");
        // A residency violation measured in the same window still fails it.
        assertThat(withViolation.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(withViolation.tripped()).isEqualTo("residency");
    }

    @Test
    void the_p99_is_the_bound_of_the_first_bucket_holding_99_percent_of_the_writes() {
        assertThat(P99.of(histogram(900, 90, 10)).millis()).isEqualTo(10);
        assertThat(P99.of(histogram(900, 89, 11)).millis()).isEqualTo(25);
        assertThat(P99.of(histogram(99, 1)).millis()).isEqualTo(5);   // 99 of 100 is the 99th percentile
        assertThat(P99.of(histogram(1)).millis()).isEqualTo(5);
        assertThat(P99.of(histogram(900, 90, 10)).beyondLargestBound()).isFalse();
    }

    @Test
    void a_p99_in_the_unbounded_bucket_counts_as_twice_the_largest_bound_and_says_so() {
        P99 p = P99.of(histogram(0, 0, 0, 0, 0, 0, 0, 500));
        WindowVerdict v = analysis.judge(window(fastWrites(10_000, 20), sample(1000, 0, 0, 0, 0, 0, 0, 0, 0, 500)));

        assertThat(p.millis()).isEqualTo(2000);
        assertThat(p.beyondLargestBound()).isTrue();
        Signal latency = signal(v, "latency-p99");
        assertThat(latency.state()).isEqualTo(SignalState.FAIL);
        assertThat(latency.value()).isCloseTo(200, within(1e-9));
        assertThat(latency.detail()).isEqualTo("Canary write p99 2000 ms vs stable 10 ms: ratio 200.00 (limit 1.50, floor 10 ms) "
                + "over 500 canary and 1000 stable writes. The canary p99 lies beyond the largest bucket bound of 1000 ms "
                + "and is counted as twice that.");
    }

    @Test
    void a_slow_canary_fails_the_latency_ratio() {
        // Canary p99 50 ms (990 of 1000 within 50), stable 25 ms: ratio 2.
        WindowVerdict v = analysis.judge(window(sample(10_000, 20, 500, 400, 90, 10), sample(1000, 2, 500, 400, 80, 10, 10)));

        Signal latency = signal(v, "latency-p99");
        assertThat(latency.state()).isEqualTo(SignalState.FAIL);
        assertThat(latency.value()).isCloseTo(2.0, within(1e-12));
        assertThat(latency.threshold()).isEqualTo(1.5);
        assertThat(v.tripped()).isEqualTo("latency-p99");
    }

    @Test
    void a_canary_p99_at_the_floor_never_fails_whatever_the_ratio() {
        // Canary p99 10 ms, stable 5 ms: ratio 2, but 10 ms is not above the 10 ms floor.
        WindowVerdict v = analysis.judge(window(sample(10_000, 20, 1000), sample(1000, 2, 900, 100)));

        Signal latency = signal(v, "latency-p99");
        assertThat(latency.state()).isEqualTo(SignalState.PASS);
        assertThat(latency.value()).isCloseTo(2.0, within(1e-12));
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.rationale()).contains("p99 ratio 2.00 but under the 10 ms floor");
    }

    @Test
    void the_latency_signal_needs_enough_writes_on_both_sides() {
        ReleaseSample canary = fastWrites(1000, 2);
        Signal fewCanaryWrites = signal(analysis.judge(window(fastWrites(10_000, 20), sample(1000, 2, 150, 49))), "latency-p99");
        Signal fewStableWrites = signal(analysis.judge(window(sample(10_000, 20, 19), canary)), "latency-p99");
        Signal enoughStableWrites = signal(analysis.judge(window(sample(10_000, 20, 20), canary)), "latency-p99");

        assertThat(fewCanaryWrites.state()).isEqualTo(SignalState.INCONCLUSIVE);
        assertThat(fewCanaryWrites.detail()).isEqualTo("Only 199 canary and 1000 stable timed writes in this window, fewer than the 200 and 20 needed.");
        assertThat(fewStableWrites.state()).isEqualTo(SignalState.INCONCLUSIVE);
        assertThat(enoughStableWrites.state()).isEqualTo(SignalState.PASS);
        assertThat(enoughStableWrites.value()).isCloseTo(2.0, within(1e-12)); // 10 ms vs 5 ms, under the floor
    }

    @Test
    void a_histogram_that_is_not_cumulative_is_an_error_for_the_latency_signal_only() {
        List<LatencyBucket> broken = List.of(new LatencyBucket(5, 900), new LatencyBucket(10, 800), new LatencyBucket(-1, 1000));
        WindowVerdict v = analysis.judge(window(fastWrites(10_000, 20), new ReleaseSample(1000, 2, 1000, broken)));

        assertThat(signal(v, "latency-p99").state()).isEqualTo(SignalState.ERROR);
        assertThat(signal(v, "latency-p99").detail()).isEqualTo("The canary latency histogram cannot be read: its counts are not cumulative.");
        assertThat(signal(v, "error-rate").state()).isEqualTo(SignalState.PASS);
        assertThat(v.outcome()).isEqualTo(Outcome.ERROR);
    }

    @Test
    void a_histogram_without_a_finite_bound_is_inconclusive() {
        ReleaseSample onlyUnbounded = new ReleaseSample(1000, 2, 1000, List.of(new LatencyBucket(-1, 1000)));
        Signal latency = signal(analysis.judge(window(onlyUnbounded, onlyUnbounded)), "latency-p99");

        assertThat(latency.state()).isEqualTo(SignalState.INCONCLUSIVE);
    }

    @Test
    void failing_synthetic_probes_fail_the_window_with_what_they_reported() {
        WindowVerdict v = analysis.judge(window(fastWrites(10_000, 20), fastWrites(1000, 2),
                new SyntheticResult(4, 1, "POST /v1/objects returned 503"), 0, null));

        assertThat(signal(v, "synthetic").state()).isEqualTo(SignalState.FAIL);
        assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(v.tripped()).isEqualTo("synthetic");
        assertThat(v.rationale()).isEqualTo("The canary fails synthetic. 1 of 4 synthetic probes failed on the canary: "
                + "POST /v1/objects returned 503.");
    }

    @Test
    void synthetic_probes_that_did_not_run_block_nothing() {
        WindowVerdict v = analysis.judge(window(fastWrites(10_000, 20), fastWrites(1000, 2)));

        assertThat(signal(v, "synthetic").state()).isEqualTo(SignalState.NOT_RUN);
        assertThat(v.outcome()).isEqualTo(Outcome.PASS);
        assertThat(v.rationale()).contains("synthetic probes not run");
    }

    @Test
    void one_residency_violation_fails_the_window_even_on_little_traffic() {
        WindowVerdict v = analysis.judge(window(fastWrites(10_000, 20), fastWrites(10, 0), SyntheticResult.notRun(), 1, null));

        assertThat(signal(v, "residency").state()).isEqualTo(SignalState.FAIL);
        assertThat(signal(v, "residency").value()).isEqualTo(1);
        assertThat(v.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(v.tripped()).isEqualTo("residency");
        assertThat(v.rationale()).isEqualTo("The canary fails residency. The canary caused 1 residency violation in this window.");
    }
}
