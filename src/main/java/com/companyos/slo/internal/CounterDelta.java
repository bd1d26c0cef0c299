package com.companyos.slo.internal;

import com.companyos.agentapi.control.RequestStats;
import com.companyos.slo.WindowCounts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * From two reads of a target's cumulative counters to what happened between them. A new epoch, or any counter lower
 * than before, means the agent restarted (its counters began again at zero): the interval then counts what the new
 * process counted, as Prometheus' {@code increase()} does — the requests the old process answered after the last read
 * are lost, never counted twice. The first read of a target is a baseline only: its counts may span weeks.
 */
final class CounterDelta {

    /** A target's last read counters (cumulative buckets, as the agent reports them). */
    record Counter(String targetKey, String epoch, long requests, long serverErrors, long writes, List<Long> buckets,
                   Instant readAt) {

        static Counter of(String targetKey, RequestStats stats, Instant readAt) {
            return new Counter(targetKey, stats.epoch(), stats.requests(), stats.serverErrors(), stats.writes(),
                    stats.writeLatency().stream().map(RequestStats.Bucket::count).toList(), readAt);
        }
    }

    /** The counts of one interval; {@code reset} when the target restarted in it. */
    record Delta(WindowCounts counts, boolean reset) {
    }

    private CounterDelta() {
    }

    /** Empty for the first read (a baseline); otherwise the interval's counts. */
    static Optional<Delta> between(Counter previous, Counter now) {
        if (now.buckets().size() != WindowCounts.BUCKETS) {
            throw new IllegalArgumentException(now.targetKey() + " reports " + now.buckets().size()
                    + " latency buckets; this console expects " + WindowCounts.BUCKETS);
        }
        if (previous == null) {
            return Optional.empty();
        }
        boolean reset = !previous.epoch().equals(now.epoch()) || now.requests() < previous.requests()
                || now.serverErrors() < previous.serverErrors() || now.writes() < previous.writes()
                || previous.buckets().size() != now.buckets().size();
        for (int i = 0; !reset && i < now.buckets().size(); i++) {
            reset = now.buckets().get(i) < previous.buckets().get(i);
        }
        Counter base = reset ? zero(now) : previous;
        List<Long> perBucket = new ArrayList<>(WindowCounts.BUCKETS);
        long below = 0;
        for (int i = 0; i < WindowCounts.BUCKETS; i++) {
            long cumulative = now.buckets().get(i) - base.buckets().get(i);
            perBucket.add(Math.max(0, cumulative - below));
            below = Math.max(below, cumulative);
        }
        return Optional.of(new Delta(new WindowCounts(now.requests() - base.requests(), now.serverErrors() - base.serverErrors(),
                now.writes() - base.writes(), perBucket), reset));
    }

    private static Counter zero(Counter like) {
        return new Counter(like.targetKey(), like.epoch(), 0, 0, 0, Collections.nCopies(WindowCounts.BUCKETS, 0L),
                like.readAt());
    }
}
