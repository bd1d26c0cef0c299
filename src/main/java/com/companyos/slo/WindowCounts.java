package com.companyos.slo;

import com.companyos.agentapi.control.RequestStats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a target's governed data API did in one window: requests, 5xx answers, writes and writes per latency bucket
 * (per bucket, not cumulative; bounds {@link RequestStats#BOUNDS_MILLIS}, the last bucket above every bound).
 * The SLO arithmetic lives here, free of storage and time, so it is tested as plain numbers.
 */
public record WindowCounts(long requests, long serverErrors, long writes, List<Long> buckets) {

    public static final int BUCKETS = RequestStats.BOUNDS_MILLIS.size() + 1;

    public WindowCounts {
        if (buckets.size() != BUCKETS) {
            throw new IllegalArgumentException("Expected " + BUCKETS + " latency buckets, got " + buckets.size());
        }
        buckets = List.copyOf(buckets);
    }

    public static WindowCounts empty() {
        return new WindowCounts(0, 0, 0, Collections.nCopies(BUCKETS, 0L));
    }

    public WindowCounts plus(WindowCounts o) {
        List<Long> sum = new ArrayList<>(BUCKETS);
        for (int i = 0; i < BUCKETS; i++) {
            sum.add(buckets.get(i) + o.buckets.get(i));
        }
        return new WindowCounts(requests + o.requests, serverErrors + o.serverErrors, writes + o.writes, sum);
    }

    /** The share of governed requests answered with 5xx (0 without requests). */
    public double errorRatio() {
        return requests == 0 ? 0 : (double) serverErrors / requests;
    }

    /** Writes slower than {@code thresholdMillis}, which must be one of the bucket bounds. */
    public long slowWrites(long thresholdMillis) {
        int last = bucketIndex(thresholdMillis);
        long fast = 0;
        for (int i = 0; i <= last; i++) {
            fast += buckets.get(i);
        }
        return writes - fast;
    }

    /** The share of governed writes slower than the threshold (0 without writes). */
    public double slowRatio(long thresholdMillis) {
        return writes == 0 ? 0 : (double) slowWrites(thresholdMillis) / writes;
    }

    /** The SLI's bad share: 5xx for availability, slow writes for latency. */
    public double badRatio(Sli sli, SloDefinition slo) {
        return sli == Sli.AVAILABILITY ? errorRatio() : slowRatio(slo.latencyThresholdMillis());
    }

    /** Events the SLI counts, and the bad ones among them. */
    public long events(Sli sli) {
        return sli == Sli.AVAILABILITY ? requests : writes;
    }

    public long badEvents(Sli sli, SloDefinition slo) {
        return sli == Sli.AVAILABILITY ? serverErrors : slowWrites(slo.latencyThresholdMillis());
    }

    /**
     * How many times faster than the SLO allows this window spends the error budget: the bad share divided by the
     * budget's share (1 − target). 1 spends exactly the budget over the SLO period; 14.4 spends 2 % of a 30-day budget
     * in an hour.
     */
    public double burnRate(Sli sli, SloDefinition slo) {
        return badRatio(sli, slo) / (1 - slo.target(sli));
    }

    /**
     * The {@code q}-quantile of write latency in ms, interpolated linearly inside its bucket as Prometheus'
     * {@code histogram_quantile} does; a quantile in the last bucket (above every bound) is reported as the highest
     * bound. NaN without writes.
     */
    public double latencyQuantileMillis(double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("A quantile is between 0 and 1; got " + q);
        }
        long total = buckets.stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        long below = 0;
        List<Long> bounds = RequestStats.BOUNDS_MILLIS;
        for (int i = 0; i < BUCKETS; i++) {
            long inBucket = buckets.get(i);
            if (below + inBucket >= rank && inBucket > 0) {
                if (i == bounds.size()) {
                    return bounds.get(bounds.size() - 1);
                }
                double lower = i == 0 ? 0 : bounds.get(i - 1);
                double upper = bounds.get(i);
                return lower + (upper - lower) * (rank - below) / inBucket;
            }
            below += inBucket;
        }
        return bounds.get(bounds.size() - 1);
    }

    /** The index of the bucket whose upper bound is {@code thresholdMillis}. */
    public static int bucketIndex(long thresholdMillis) {
        int i = RequestStats.BOUNDS_MILLIS.indexOf(thresholdMillis);
        if (i < 0) {
            throw new IllegalArgumentException("A latency threshold must be one of the histogram's bounds "
                    + RequestStats.BOUNDS_MILLIS + " ms; got " + thresholdMillis);
        }
        return i;
    }
}
