package com.companyos.releases.internal;

import java.util.List;

/**
 * The 99th percentile of a cumulative latency histogram: the bound of the first bucket holding at least 99 % of the
 * writes. The router's histogram has no interpolation data inside a bucket, so this is an upper bound, the same for
 * both releases, which is what a ratio needs.
 *
 * @param millis            the p99
 * @param beyondLargestBound the p99 fell in the unbounded bucket and {@code millis} is twice the largest finite bound
 * @param largestBound      the largest finite bound of the histogram
 */
record P99(double millis, boolean beyondLargestBound, long largestBound) {

    /**
     * Why the histogram cannot be read (not cumulative, no unbounded last bucket, bounds out of order), or null.
     */
    static String problem(List<LatencyBucket> buckets) {
        if (buckets.isEmpty()) {
            return null; // nothing recorded; the caller sees zero writes
        }
        if (!buckets.get(buckets.size() - 1).unbounded()) {
            return "its last bucket is not the unbounded one";
        }
        long previousBound = -1;
        long previousCount = 0;
        for (int i = 0; i < buckets.size(); i++) {
            LatencyBucket b = buckets.get(i);
            boolean last = i == buckets.size() - 1;
            if (!last && (b.unbounded() || b.boundMillis() < 0 || b.boundMillis() <= previousBound)) {
                return "its bounds are not ascending";
            }
            if (b.count() < previousCount) {
                return "its counts are not cumulative";
            }
            previousBound = b.boundMillis();
            previousCount = b.count();
        }
        return null;
    }

    /** Writes the histogram counted. */
    static long total(List<LatencyBucket> buckets) {
        return buckets.isEmpty() ? 0 : buckets.get(buckets.size() - 1).count();
    }

    /** The p99 of a well-formed histogram ({@link #problem} null) with at least one write and one finite bound. */
    static P99 of(List<LatencyBucket> buckets) {
        long total = total(buckets);
        // ceil(0.99 * total) in integers: 0.99 is not exact in binary, and 99 of 100 must reach the 99th percentile.
        long rank = (99 * total + 99) / 100;
        long largest = buckets.size() > 1 ? buckets.get(buckets.size() - 2).boundMillis() : 0;
        for (LatencyBucket b : buckets) {
            if (b.count() >= rank) {
                return b.unbounded() ? new P99(2.0 * largest, true, largest) : new P99(b.boundMillis(), false, largest);
            }
        }
        throw new IllegalStateException("the last bucket counts every write");
    }
}
