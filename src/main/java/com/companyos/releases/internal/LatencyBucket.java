package com.companyos.releases.internal;

/**
 * One bucket of a cumulative latency histogram: {@code count} writes were answered within {@code boundMillis}. The
 * last bucket of a histogram has {@code boundMillis = }{@link #UNBOUNDED} and counts every write.
 */
public record LatencyBucket(long boundMillis, long count) {

    /** The bound of the last bucket, which has no upper limit. */
    public static final long UNBOUNDED = -1;

    public boolean unbounded() {
        return boundMillis == UNBOUNDED;
    }
}
