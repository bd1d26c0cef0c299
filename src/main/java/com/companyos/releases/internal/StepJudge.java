package com.companyos.releases.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import static com.companyos.releases.internal.AnalysisText.duration;
import static com.companyos.releases.internal.AnalysisText.f;
import static com.companyos.releases.internal.AnalysisText.pct;

/**
 * Decides what a rollout step does next from its window verdicts and the traffic the router actually served. It
 * aborts only on failures repeated in two windows, because single failing windows of noisy signals would otherwise
 * roll releases back and forth; it advances only on a passing window and a served split that matches the target; and
 * it hands the rollout to a person when the step stays unable to advance for too long.
 */
public final class StepJudge {

    /** How far the served canary share may be from the target, as a share (2 percentage points). */
    static final double SPLIT_TOLERANCE = 0.02;

    private StepJudge() {
    }

    /**
     * @param history      this step's window verdicts, oldest first
     * @param servedCanary requests the router sent to the canary during this step
     * @param servedTotal  requests the router sent to either release during this step
     * @param elapsed      time since the step started
     */
    public static StepDecision decide(CanaryStep step, Duration elapsed, long servedCanary, long servedTotal,
                                      List<WindowVerdict> history) {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(elapsed, "elapsed");
        List<WindowVerdict> windows = history == null ? List.of() : history;

        String abort = abortReason(windows);
        if (abort != null) {
            return new StepDecision(StepAction.ABORT, abort);
        }
        List<String> blockers = blockers(step, elapsed, servedCanary, servedTotal, windows);
        if (blockers.isEmpty()) {
            return new StepDecision(StepAction.ADVANCE, f("The last window passed and %s; advancing from %d %%.",
                    servedSplit(step, servedCanary, servedTotal), step.weightPercent()));
        }
        Duration limit = step.minDuration().plus(step.maxInconclusive());
        if (elapsed.compareTo(limit) > 0) {
            return new StepDecision(StepAction.PAUSE, f("The step at %d %% has run %s, longer than its %s minimum plus %s "
                            + "allowed without a result, and still cannot advance; pausing for a person. %s %s",
                    step.weightPercent(), duration(elapsed), duration(step.minDuration()), duration(step.maxInconclusive()),
                    String.join(" ", blockers), outcomes(windows)));
        }
        return new StepDecision(StepAction.WAIT, String.join(" ", blockers));
    }

    /**
     * Windows that could not be measured are skipped: a measurement error is neither a failure nor a success, so it
     * must neither complete nor break a run of two failing windows.
     */
    static String abortReason(List<WindowVerdict> history) {
        List<WindowVerdict> measured = history.stream().filter(v -> v.outcome() != Outcome.ERROR).toList();
        if (measured.size() >= 2) {
            WindowVerdict previous = measured.get(measured.size() - 2);
            WindowVerdict last = measured.get(measured.size() - 1);
            List<Signal> criticalBefore = CanaryAnalysis.failing(previous, true).toList();
            List<Signal> criticalNow = CanaryAnalysis.failing(last, true).toList();
            if (!criticalBefore.isEmpty() && !criticalNow.isEmpty()) {
                return f("A critical signal failed in each of the last two windows (%s at %s, %s at %s). %s",
                        names(criticalBefore), previous.at(), names(criticalNow), last.at(), criticalNow.get(0).detail());
            }
            List<Signal> othersBefore = CanaryAnalysis.failing(previous, false).toList();
            List<Signal> othersNow = CanaryAnalysis.failing(last, false).toList();
            if (othersBefore.size() >= 2 && othersNow.size() >= 2) {
                return f("At least two signals failed in each of the last two windows (%s at %s, %s at %s). %s",
                        names(othersBefore), previous.at(), names(othersNow), last.at(), othersNow.get(0).detail());
            }
        }
        return repeatedCriticalRun(history);
    }

    /**
     * A synthetic probe need not run in every window; two failing runs with not-run windows between them are still
     * two consecutive failing runs.
     */
    private static String repeatedCriticalRun(List<WindowVerdict> history) {
        Set<String> critical = new LinkedHashSet<>();
        history.forEach(v -> v.signals().stream().filter(Signal::critical).forEach(s -> critical.add(s.name())));
        for (String name : critical) {
            List<Signal> runs = new ArrayList<>();
            List<WindowVerdict> at = new ArrayList<>();
            for (WindowVerdict v : history) {
                v.signals().stream()
                        .filter(s -> s.name().equals(name) && (s.state() == SignalState.PASS || s.state() == SignalState.FAIL))
                        .findFirst()
                        .ifPresent(s -> {
                            runs.add(s);
                            at.add(v);
                        });
            }
            int n = runs.size();
            if (n >= 2 && runs.get(n - 2).failed() && runs.get(n - 1).failed()) {
                return f("The critical %s signal failed in its last two runs (at %s and %s). %s",
                        name, at.get(n - 2).at(), at.get(n - 1).at(), runs.get(n - 1).detail());
            }
        }
        return null;
    }

    /** Every reason the step cannot advance now, in the order a person would check them; empty when it can. */
    private static List<String> blockers(CanaryStep step, Duration elapsed, long servedCanary, long servedTotal,
                                         List<WindowVerdict> windows) {
        List<String> reasons = new ArrayList<>();
        if (elapsed.compareTo(step.minDuration()) < 0) {
            reasons.add(f("The step at %d %% has run %s of its %s minimum.", step.weightPercent(), duration(elapsed),
                    duration(step.minDuration())));
        }
        if (servedCanary < step.minRequests()) {
            reasons.add(f("The canary has served %d of the %d requests this step needs (too few requests).",
                    servedCanary, step.minRequests()));
        }
        if (windows.isEmpty()) {
            reasons.add("No analysis window of this step has been judged yet.");
        } else {
            WindowVerdict last = windows.get(windows.size() - 1);
            switch (last.outcome()) {
                case PASS -> { }
                case INCONCLUSIVE -> reasons.add("The last window was inconclusive: " + last.rationale());
                case ERROR -> reasons.add("The last window had a measurement error: " + last.rationale());
                case FAIL -> reasons.add("The last window failed (" + last.tripped()
                        + "); one failing window does not abort, the next one decides. " + last.rationale());
            }
        }
        String split = splitProblem(step, servedCanary, servedTotal);
        if (split != null) {
            reasons.add(split);
        }
        return reasons;
    }

    private static String splitProblem(CanaryStep step, long servedCanary, long servedTotal) {
        if (servedTotal < 1) {
            return "The router has reported no requests served in this step, so the split cannot be checked.";
        }
        double served = (double) servedCanary / servedTotal;
        if (step.weightPercent() == 100) {
            // A last step that is not a multiple of the step size can report success while the old version still
            // serves; at 100 % the old version must serve nothing at all.
            if (servedCanary != servedTotal) {
                return f("At 100 %% the old version must serve nothing, but it served %d of the %d requests in this step "
                        + "(the canary served %s).", servedTotal - servedCanary, servedTotal, pct(served));
            }
            return null;
        }
        double target = step.weightPercent() / 100.0;
        // The epsilon keeps a split exactly 2 points off (0.27 vs 0.25) on the accepted side despite binary fractions.
        if (Math.abs(served - target) > SPLIT_TOLERANCE + 1e-9) {
            return f("The canary served %s of %d requests, off its %d %% target by more than %.0f points.",
                    pct(served), servedTotal, step.weightPercent(), SPLIT_TOLERANCE * 100);
        }
        return null;
    }

    private static String servedSplit(CanaryStep step, long servedCanary, long servedTotal) {
        if (step.weightPercent() == 100) {
            return f("the canary served all %d requests of this step", servedTotal);
        }
        return f("the canary served %s of %d requests against a %d %% target", pct((double) servedCanary / servedTotal),
                servedTotal, step.weightPercent());
    }

    private static String outcomes(List<WindowVerdict> windows) {
        if (windows.isEmpty()) {
            return "No window of this step was judged.";
        }
        Map<Outcome, Integer> counts = new TreeMap<>();
        windows.forEach(v -> counts.merge(v.outcome(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((o, n) -> parts.add(n + " " + switch (o) {
            case PASS -> "passed";
            case FAIL -> "failed";
            case INCONCLUSIVE -> "inconclusive";
            case ERROR -> "with measurement errors";
        }));
        return f("Of the step's %d windows, %s.", windows.size(), AnalysisText.and(parts));
    }

    private static String names(List<Signal> signals) {
        return String.join(", ", signals.stream().map(Signal::name).toList());
    }
}
