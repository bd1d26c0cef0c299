package com.companyos.releases.internal;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;

import static com.companyos.releases.internal.AnalysisText.f;
import static com.companyos.releases.internal.AnalysisText.pct;

/**
 * Judges one analysis window of a canary release: five signals (synthetic probes and residency, both critical; error
 * rate, write p99 and burn rate against the concurrent stable release) and one outcome. A window with too little
 * canary traffic is inconclusive, never a pass; a window that could not be measured is an error, neither a pass nor a
 * failure. Pure: no clock, no I/O; the verdict is stamped with the window's end.
 */
public final class CanaryAnalysis {

    public static final String SYNTHETIC = SignalRules.SYNTHETIC;
    public static final String RESIDENCY = SignalRules.RESIDENCY;
    public static final String ERROR_RATE = SignalRules.ERROR_RATE;
    public static final String LATENCY_P99 = SignalRules.LATENCY_P99;
    public static final String BURN_RATE = SignalRules.BURN_RATE;

    /** The signals of every verdict, in this order. */
    public static final List<String> SIGNALS = List.of(SYNTHETIC, RESIDENCY, ERROR_RATE, LATENCY_P99, BURN_RATE);

    private final AnalysisThresholds thresholds;
    private final SignalRules rules;

    public CanaryAnalysis(AnalysisThresholds thresholds) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.rules = new SignalRules(thresholds);
    }

    public AnalysisThresholds thresholds() {
        return thresholds;
    }

    public WindowVerdict judge(AnalysisWindow window) {
        Objects.requireNonNull(window, "window");
        String unmeasured = unmeasured(window);
        List<Signal> signals = unmeasured != null ? unmeasurable(unmeasured) : List.of(
                rules.synthetic(window.synthetic()),
                rules.residency(window.canaryResidencyViolations()),
                rules.errorRate(window.stable(), window.canary()),
                rules.latencyP99(window.stable(), window.canary()),
                rules.burnRate(window.canary()));
        Outcome outcome = outcome(signals);
        List<String> failing = names(signals, SignalState.FAIL);
        String tripped = failing.isEmpty() ? null : String.join(",", failing);
        return new WindowVerdict(UUID.randomUUID(), window.end(), outcome, signals, tripped,
                rationale(outcome, signals, unmeasured));
    }

    /**
     * FAIL before ERROR: a failure measured in a window stays a failure even if another signal of that window could
     * not be read. ERROR before INCONCLUSIVE, so an unreadable signal is never mistaken for a lack of traffic.
     * Critical signals are never inconclusive, and a synthetic probe that did not run blocks nothing.
     */
    static Outcome outcome(List<Signal> signals) {
        if (signals.stream().anyMatch(s -> s.state() == SignalState.FAIL)) {
            return Outcome.FAIL;
        }
        if (signals.stream().anyMatch(s -> s.state() == SignalState.ERROR)) {
            return Outcome.ERROR;
        }
        if (signals.stream().anyMatch(s -> !s.critical() && s.state() == SignalState.INCONCLUSIVE)) {
            return Outcome.INCONCLUSIVE;
        }
        return Outcome.PASS;
    }

    private static String unmeasured(AnalysisWindow w) {
        if (w.measurementError() != null) {
            return w.measurementError().isBlank() ? "unspecified measurement error" : w.measurementError().strip();
        }
        if (w.canary() == null || w.stable() == null) {
            return w.canary() == null ? "the router reported no counters for the canary" : "the router reported no counters for the stable release";
        }
        return null;
    }

    private static List<Signal> unmeasurable(String error) {
        String detail = "Not measured: " + error + ".";
        return SIGNALS.stream()
                .map(name -> new Signal(name, name.equals(SYNTHETIC) || name.equals(RESIDENCY), SignalState.ERROR, 0, 0, detail))
                .toList();
    }

    private String rationale(Outcome outcome, List<Signal> signals, String unmeasured) {
        if (unmeasured != null) {
            return "The window could not be measured (" + unmeasured + "); it counts as neither a pass nor a failure.";
        }
        return switch (outcome) {
            case FAIL -> "The canary fails " + AnalysisText.and(names(signals, SignalState.FAIL)) + ". " + details(signals, SignalState.FAIL);
            case ERROR -> "The canary could not be judged on " + AnalysisText.and(names(signals, SignalState.ERROR)) + ". "
                    + details(signals, SignalState.ERROR);
            case INCONCLUSIVE -> "The window is inconclusive on " + AnalysisText.and(names(signals, SignalState.INCONCLUSIVE)) + ". "
                    + details(signals, SignalState.INCONCLUSIVE);
            case PASS -> passed(signals);
        };
    }

    private String passed(List<Signal> signals) {
        Signal synthetic = signals.get(0);
        Signal errors = signals.get(2);
        Signal latency = signals.get(3);
        Signal burn = signals.get(4);
        String p99 = latency.value() > latency.threshold()
                ? f("p99 ratio %.2f but under the %s ms floor", latency.value(), AnalysisText.num(thresholds.p99FloorMillis()))
                : f("p99 ratio %.2f (limit %.2f)", latency.value(), latency.threshold());
        return f("The canary passes: 5xx share %s (limit %s), %s, burn rate %.1f (limit %.1f), %s, no residency violations.",
                pct(errors.value()), pct(errors.threshold()), p99, burn.value(), burn.threshold(),
                synthetic.state() == SignalState.NOT_RUN ? "synthetic probes not run" : "synthetic probes passed");
    }

    private static List<String> names(List<Signal> signals, SignalState state) {
        return signals.stream().filter(s -> s.state() == state).map(Signal::name).toList();
    }

    private static String details(List<Signal> signals, SignalState state) {
        // Too-few-requests details are the same sentence for each traffic signal; say it once.
        return String.join(" ", signals.stream().filter(s -> s.state() == state).map(Signal::detail).distinct().toList());
    }

    static Stream<Signal> failing(WindowVerdict v, boolean critical) {
        return v.signals().stream().filter(s -> s.failed() && s.critical() == critical);
    }
}
