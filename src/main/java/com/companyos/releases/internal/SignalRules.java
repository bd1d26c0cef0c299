package com.companyos.releases.internal;

import static com.companyos.releases.internal.AnalysisText.f;
import static com.companyos.releases.internal.AnalysisText.num;
import static com.companyos.releases.internal.AnalysisText.pValue;
import static com.companyos.releases.internal.AnalysisText.pct;

/**
 * The five signals of one window, each judged on its own. Counters that cannot be true (negative deltas after a
 * counter reset, more errors than requests, a histogram that is not cumulative) make only the affected signal ERROR,
 * so a broken latency histogram does not hide a residency violation measured in the same window.
 */
final class SignalRules {

    static final String SYNTHETIC = "synthetic";
    static final String RESIDENCY = "residency";
    static final String ERROR_RATE = "error-rate";
    static final String LATENCY_P99 = "latency-p99";
    static final String BURN_RATE = "burn-rate";

    private final AnalysisThresholds t;

    SignalRules(AnalysisThresholds thresholds) {
        this.t = thresholds;
    }

    Signal synthetic(SyntheticResult r) {
        if (r == null || r.runs() == 0) {
            return new Signal(SYNTHETIC, true, SignalState.NOT_RUN, 0, 0, "No synthetic probes ran against the canary in this window.");
        }
        if (r.runs() < 0 || r.failures() < 0 || r.failures() > r.runs()) {
            return new Signal(SYNTHETIC, true, SignalState.ERROR, 0, 0,
                    f("The synthetic result cannot be true: %d failures of %d runs.", r.failures(), r.runs()));
        }
        if (r.failures() > 0) {
            String why = r.detail() == null || r.detail().isBlank() ? "" : ": " + r.detail().strip();
            return new Signal(SYNTHETIC, true, SignalState.FAIL, r.failures(), 0,
                    f("%d of %d synthetic probes failed on the canary%s.", r.failures(), r.runs(), why));
        }
        return new Signal(SYNTHETIC, true, SignalState.PASS, 0, 0, f("All %d synthetic probes passed on the canary.", r.runs()));
    }

    Signal residency(long violations) {
        if (violations < 0) {
            return new Signal(RESIDENCY, true, SignalState.ERROR, 0, 0,
                    f("The residency violation count cannot be true: %d.", violations));
        }
        // One violation is a compliance breach, not a statistic: there is no sample size to wait for.
        if (violations > 0) {
            return new Signal(RESIDENCY, true, SignalState.FAIL, violations, 0,
                    f("The canary caused %d residency violation%s in this window.", violations, violations == 1 ? "" : "s"));
        }
        return new Signal(RESIDENCY, true, SignalState.PASS, 0, 0, "The canary caused no residency violations in this window.");
    }

    Signal errorRate(ReleaseSample stable, ReleaseSample canary) {
        String bad = counterProblem(canary, "canary");
        bad = bad != null ? bad : counterProblem(stable, "stable");
        if (bad != null) {
            return new Signal(ERROR_RATE, false, SignalState.ERROR, 0, 0, bad);
        }
        double canaryShare = share(canary);
        double stableShare = share(stable);
        double limit = stableShare + t.maxErrorRateIncrease();
        if (tooFew(canary)) {
            return new Signal(ERROR_RATE, false, SignalState.INCONCLUSIVE, canaryShare, limit, tooFewDetail(canary));
        }
        ZTest test;
        String against;
        if (stable.requests() == 0) {
            // Nothing concurrent to compare with: compare with a 0 % stable, and ask that the canary be significantly
            // above the allowed increase itself (one-sample test), so a few errors on a small sample still pass.
            test = ZTest.oneSample(canary.serverErrors(), canary.requests(), t.maxErrorRateIncrease());
            against = "no stable traffic";
        } else {
            test = ZTest.pooledTwoProportion(canary.serverErrors(), canary.requests(), stable.serverErrors(), stable.requests());
            against = "stable " + pct(stableShare);
        }
        boolean above = canaryShare > limit;
        boolean significant = test.pValue() < t.significance();
        String numbers = f("Canary 5xx share %s vs %s (limit %s, %s) over %d canary requests", pct(canaryShare), against,
                pct(limit), pValue(test.pValue()), canary.requests());
        if (above && significant) {
            return new Signal(ERROR_RATE, false, SignalState.FAIL, canaryShare, limit, numbers + ".");
        }
        String verdict = above ? f(": above the limit, but not significant at p < %s on this sample.", t.significance())
                : ": within the limit.";
        return new Signal(ERROR_RATE, false, SignalState.PASS, canaryShare, limit, numbers + verdict);
    }

    Signal latencyP99(ReleaseSample stable, ReleaseSample canary) {
        String bad = histogramProblem(canary, "canary");
        bad = bad != null ? bad : histogramProblem(stable, "stable");
        if (bad != null) {
            return new Signal(LATENCY_P99, false, SignalState.ERROR, 0, t.maxP99Ratio(), bad);
        }
        if (tooFew(canary)) {
            return new Signal(LATENCY_P99, false, SignalState.INCONCLUSIVE, 0, t.maxP99Ratio(), tooFewDetail(canary));
        }
        // The stable gets a tenth of the canary's minimum: early steps send it most traffic, late ones very little,
        // and its p99 is only the reference.
        long stableMin = (t.minRequests() + 9) / 10;
        long canaryWrites = Math.min(canary.writes(), P99.total(canary.latency()));
        long stableWrites = Math.min(stable.writes(), P99.total(stable.latency()));
        if (canaryWrites < Math.max(1, t.minRequests()) || stableWrites < Math.max(1, stableMin)) {
            return new Signal(LATENCY_P99, false, SignalState.INCONCLUSIVE, 0, t.maxP99Ratio(),
                    f("Only %d canary and %d stable timed writes in this window, fewer than the %d and %d needed.",
                            canaryWrites, stableWrites, t.minRequests(), stableMin));
        }
        P99 c = P99.of(canary.latency());
        P99 s = P99.of(stable.latency());
        if (c.largestBound() <= 0 || s.largestBound() <= 0) {
            return new Signal(LATENCY_P99, false, SignalState.INCONCLUSIVE, 0, t.maxP99Ratio(),
                    "The latency histogram has no finite bucket bound, so no p99 can be read from it.");
        }
        // The histogram cannot resolve below a millisecond; a 0 ms stable p99 must not divide by zero.
        double ratio = c.millis() / Math.max(1.0, s.millis());
        String numbers = f("Canary write p99 %s vs stable %s: ratio %.2f (limit %.2f, floor %s ms) over %d canary and %d stable writes",
                ms(c), ms(s), ratio, t.maxP99Ratio(), num(t.p99FloorMillis()), canaryWrites, stableWrites);
        String beyond = beyond(c, "canary") + beyond(s, "stable");
        if (c.millis() > t.p99FloorMillis() && ratio > t.maxP99Ratio()) {
            return new Signal(LATENCY_P99, false, SignalState.FAIL, ratio, t.maxP99Ratio(), numbers + "." + beyond);
        }
        String verdict = ratio > t.maxP99Ratio() ? ": above the limit, but under the floor." : ": within the limit.";
        return new Signal(LATENCY_P99, false, SignalState.PASS, ratio, t.maxP99Ratio(), numbers + verdict + beyond);
    }

    Signal burnRate(ReleaseSample canary) {
        String bad = counterProblem(canary, "canary");
        if (bad != null) {
            return new Signal(BURN_RATE, false, SignalState.ERROR, 0, t.maxBurnRate(), bad);
        }
        double share = share(canary);
        double burn = share / (1 - t.sloTarget());
        if (tooFew(canary)) {
            return new Signal(BURN_RATE, false, SignalState.INCONCLUSIVE, burn, t.maxBurnRate(), tooFewDetail(canary));
        }
        String numbers = f("Canary burn rate %.1f (5xx share %s against a %s error budget; limit %.1f) over %d canary requests",
                burn, pct(share), pct(1 - t.sloTarget()), t.maxBurnRate(), canary.requests());
        if (burn > t.maxBurnRate()) {
            return new Signal(BURN_RATE, false, SignalState.FAIL, burn, t.maxBurnRate(), numbers + ".");
        }
        return new Signal(BURN_RATE, false, SignalState.PASS, burn, t.maxBurnRate(), numbers + ": within the limit.");
    }

    private boolean tooFew(ReleaseSample canary) {
        // Zero requests is never enough, even with minRequests = 0: a share of nothing is not a measurement.
        return canary.requests() < Math.max(1, t.minRequests());
    }

    private String tooFewDetail(ReleaseSample canary) {
        // The same sentence for every traffic signal, so a rationale can say it once.
        return f("Only %d canary requests in this window, fewer than the %d needed.", canary.requests(), Math.max(1, t.minRequests()));
    }

    private static double share(ReleaseSample s) {
        return s.requests() == 0 ? 0 : (double) s.serverErrors() / s.requests();
    }

    private static String counterProblem(ReleaseSample s, String release) {
        if (s.requests() < 0 || s.serverErrors() < 0 || s.serverErrors() > s.requests()) {
            return f("The %s counters cannot be true: %d server errors of %d requests.", release, s.serverErrors(), s.requests());
        }
        return null;
    }

    private static String histogramProblem(ReleaseSample s, String release) {
        if (s.requests() < 0 || s.writes() < 0) {
            return f("The %s counters cannot be true: %d writes of %d requests.", release, s.writes(), s.requests());
        }
        String problem = P99.problem(s.latency());
        return problem == null ? null : f("The %s latency histogram cannot be read: %s.", release, problem);
    }

    private static String ms(P99 p) {
        return num(p.millis()) + " ms";
    }

    private static String beyond(P99 p, String release) {
        return p.beyondLargestBound()
                ? f(" The %s p99 lies beyond the largest bucket bound of %d ms and is counted as twice that.", release, p.largestBound())
                : "";
    }
}
