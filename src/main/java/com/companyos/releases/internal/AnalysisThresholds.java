package com.companyos.releases.internal;

/**
 * The limits one window is judged against.
 *
 * @param minRequests          canary requests per window below which the traffic signals are inconclusive
 * @param maxErrorRateIncrease how far the canary's 5xx share may exceed the stable's, absolute (0.01 = 1 point)
 * @param significance         one-sided p-value the error-rate difference must beat before it counts
 * @param maxP99Ratio          how many times the stable's write p99 the canary's may reach
 * @param p99FloorMillis       a canary p99 at or below this never fails, whatever the ratio
 * @param sloTarget            the availability objective the burn rate is measured against, e.g. 0.999
 * @param maxBurnRate          how many times as fast as the SLO allows the canary may burn the error budget
 */
public record AnalysisThresholds(long minRequests, double maxErrorRateIncrease, double significance,
                                 double maxP99Ratio, double p99FloorMillis, double sloTarget, double maxBurnRate) {

    public AnalysisThresholds {
        // Thresholds are configuration: a nonsensical one is a deployment mistake to stop on, not a value to judge with.
        require(minRequests >= 0, "minRequests must not be negative");
        require(maxErrorRateIncrease >= 0 && maxErrorRateIncrease < 1, "maxErrorRateIncrease must be in [0, 1)");
        require(significance > 0 && significance < 1, "significance must be in (0, 1)");
        require(maxP99Ratio > 0, "maxP99Ratio must be positive");
        require(p99FloorMillis >= 0, "p99FloorMillis must not be negative");
        require(sloTarget > 0 && sloTarget < 1, "sloTarget must be in (0, 1)");
        require(maxBurnRate > 0, "maxBurnRate must be positive");
    }

    /** 200 requests, +1 point at p &lt; 0.01, p99 at most 1.5 times the stable's above 10 ms, burn rate 10 of 99.9 %. */
    public static AnalysisThresholds defaults() {
        return new AnalysisThresholds(200, 0.01, 0.01, 1.5, 10, 0.999, 10);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
