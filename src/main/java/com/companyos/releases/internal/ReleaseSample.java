package com.companyos.releases.internal;

import java.util.List;

/**
 * One release's counters over one analysis window, as the region's traffic router saw them. Counts are deltas over
 * the window, not cumulative totals; a counter reset therefore shows up as a negative count, which the analysis
 * reports as an error instead of judging it.
 *
 * @param requests     requests the router sent to this release in the window
 * @param serverErrors of those, the ones answered with a 5xx
 * @param writes       writes among the requests; only writes are timed
 * @param latency      cumulative write-latency histogram, ascending bounds, the last bucket unbounded
 */
public record ReleaseSample(long requests, long serverErrors, long writes, List<LatencyBucket> latency) {

    public ReleaseSample {
        latency = latency == null ? List.of() : List.copyOf(latency);
    }
}
