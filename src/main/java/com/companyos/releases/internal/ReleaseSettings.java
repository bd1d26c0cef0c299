package com.companyos.releases.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Canary rollouts ({@code companyos.releases.*}).
 *
 * @param engine           {@code local} (embedded default: canary processes on this machine, the region agent's own
 *                         router) or {@code kubernetes} (a Deployment per release, Gateway API weights; untested)
 * @param analysisInterval how often each running rollout is analysed (one window per interval)
 * @param steps            the canary's weights in percent, in order (default 1 → 10 → 50 → 100)
 * @param stepMinDuration  each step runs at least this long
 * @param stepMinRequests  the canary serves at least this many requests in each step before it may advance
 * @param maxInconclusive  how long past its minimum duration a step may stay unable to advance before the rollout
 *                         pauses for a person
 * @param minWindowRequests canary requests in one window below which the comparative signals are inconclusive
 * @param maxErrorRateIncrease how much more often (absolute share) the canary may answer 5xx than the stable release
 * @param maxP99Ratio      canary p99 / stable p99 above which latency fails
 * @param p99FloorMillis   a canary p99 below this never fails
 * @param sloTarget        the availability objective the burn rate is computed against
 * @param maxBurnRate      burn rate above which the canary fails
 * @param launchTimeout    how long a canary process may take to become ready before the rollout pauses
 * @param drainDelay       after an abort or a promotion, how long the old process keeps running for requests in flight
 * @param requireProbeRuns whether the scorecard's synthetic-green gate needs probe runs of the probes module (default; the gates run
 *                         the region's probes against the canary when none reached it yet); off, the
 *                         canary analysis' own synthetic probes alone give at most a warning (never a plain pass)
 */
@ConfigurationProperties("companyos.releases")
public record ReleaseSettings(
        @DefaultValue("local") String engine,
        @DefaultValue("30s") Duration analysisInterval,
        @DefaultValue({"1", "10", "50", "100"}) List<Integer> steps,
        @DefaultValue("5m") Duration stepMinDuration,
        @DefaultValue("500") long stepMinRequests,
        @DefaultValue("30m") Duration maxInconclusive,
        @DefaultValue("200") long minWindowRequests,
        @DefaultValue("0.01") double maxErrorRateIncrease,
        @DefaultValue("1.5") double maxP99Ratio,
        @DefaultValue("10") double p99FloorMillis,
        @DefaultValue("0.999") double sloTarget,
        @DefaultValue("10") double maxBurnRate,
        @DefaultValue("3m") Duration launchTimeout,
        @DefaultValue("10s") Duration drainDelay,
        @DefaultValue("true") boolean requireProbeRuns) {

    public ReleaseSettings {
        if (steps.isEmpty() || steps.get(steps.size() - 1) != 100) {
            throw new IllegalArgumentException("companyos.releases.steps must end at 100 (percent); got " + steps);
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) < 1 || steps.get(i) > 100 || i > 0 && steps.get(i) <= steps.get(i - 1)) {
                throw new IllegalArgumentException("companyos.releases.steps must rise strictly within 1..100; got " + steps);
            }
        }
    }

    List<CanaryStep> defaultSteps() {
        return steps.stream().map(w -> new CanaryStep(w, stepMinDuration, stepMinRequests, maxInconclusive)).toList();
    }

    AnalysisThresholds thresholds() {
        return new AnalysisThresholds(minWindowRequests, maxErrorRateIncrease, 0.01, maxP99Ratio, p99FloorMillis, sloTarget, maxBurnRate);
    }
}
