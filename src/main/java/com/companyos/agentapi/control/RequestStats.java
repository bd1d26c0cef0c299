package com.companyos.agentapi.control;

import java.time.Instant;
import java.util.List;

/**
 * An agent's own counters of the governed data API since its process started (cumulative, like Prometheus counters):
 * governed requests answered, those answered with a 5xx, and a histogram of governed writes' latency (fixed buckets,
 * cumulative per bucket as Prometheus' {@code le}). {@code epoch} is new with every process, so a reader tells a
 * restarted agent (counters start at zero again) from one that merely moved on. Counts only, no tenant data.
 *
 * @param epoch          random per process start
 * @param startedAt      when the counters started
 * @param at             when they were read
 * @param requests       governed data requests answered (any status)
 * @param serverErrors   of those, answered with 5xx (injected faults included)
 * @param writes         governed writes (PUT record) answered without 5xx, the latency histogram's count
 * @param writeLatencySumMillis the sum of those writes' latencies
 * @param writeLatency   cumulative buckets, ascending {@code leMillis}, the last one {@code +Inf} ({@code leMillis < 0})
 */
public record RequestStats(String epoch, Instant startedAt, Instant at, long requests, long serverErrors, long writes,
                           double writeLatencySumMillis, List<Bucket> writeLatency) {

    /** Writes answered within {@code leMillis} (cumulative); {@code leMillis = -1} is {@code +Inf}. */
    public record Bucket(long leMillis, long count) {

        public boolean infinite() {
            return leMillis < 0;
        }
    }

    /** The fixed bucket bounds every agent uses (ms); 50 ms is the default latency objective. */
    public static final List<Long> BOUNDS_MILLIS = List.of(5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L, 2500L, 5000L, 10000L);
}
