package com.companyos.agent.traffic;

import com.companyos.agentapi.control.RequestStats;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

/**
 * Cumulative counters of governed requests: answered, answered with 5xx, and governed writes' latency in the fixed
 * buckets of {@link RequestStats#BOUNDS_MILLIS}. LongAdders: no contention on the write path, no database round trip.
 * A new set of counters has a new epoch, which readers treat as a counter reset.
 */
public final class RequestCounters {

    private static final long[] BOUNDS_NANOS = RequestStats.BOUNDS_MILLIS.stream().mapToLong(m -> m * 1_000_000L).toArray();

    private final String epoch = UUID.randomUUID().toString();
    private final Instant startedAt;
    private final LongAdder requests = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder latencySumNanos = new LongAdder();
    /** Per bucket (not cumulative), the last one for writes slower than every bound. */
    private final LongAdder[] buckets = new LongAdder[BOUNDS_NANOS.length + 1];

    public RequestCounters(Instant startedAt) {
        this.startedAt = startedAt;
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** One governed request answered with {@code status}; a write's latency is counted when it was not a 5xx. */
    public void answered(int status, boolean write, long nanos) {
        requests.increment();
        if (status >= 500) {
            serverErrors.increment();
            return;
        }
        if (write) {
            int i = 0;
            while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
                i++;
            }
            buckets[i].increment();
            latencySumNanos.add(nanos);
        }
    }

    public RequestStats snapshot(Instant at) {
        List<RequestStats.Bucket> cumulative = new ArrayList<>(buckets.length);
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            cumulative.add(new RequestStats.Bucket(i < BOUNDS_NANOS.length ? RequestStats.BOUNDS_MILLIS.get(i) : -1, running));
        }
        // Read the totals after the buckets: a write counted in between makes the total larger, never smaller.
        return new RequestStats(epoch, startedAt, at, requests.sum(), serverErrors.sum(), running,
                latencySumNanos.sum() / 1e6, List.copyOf(cumulative));
    }
}
