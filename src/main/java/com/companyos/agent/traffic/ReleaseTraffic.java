package com.companyos.agent.traffic;

import com.companyos.agentapi.control.RequestStats;
import com.companyos.agentapi.control.TrafficSplit;
import com.companyos.agentapi.control.TrafficState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The split of this data port's tenant requests between the stable release (this process) and a canary process, set
 * by the control plane. Per request, {@link #route} answers which lane serves it: a tenant's pin first, else the
 * weight. The weight is kept exactly per block of 100 requests (1,000 for a fractional weight): each block holds exactly
 * the weight's share of canary places, shuffled, so the served split never strays from the target by more than one
 * block's share (±2 points over 2,000 requests is a property, not a probability), while the shuffle keeps one client's
 * requests from falling into a pattern (a strict every-tenth-request rule gives two interleaved clients 0 % and 20 %).
 * Each lane's outcomes are counted here, where both are measured concurrently.
 */
@Component
@EnableConfigurationProperties(TrafficSettings.class)
public class ReleaseTraffic {

    private static final Logger log = LoggerFactory.getLogger(ReleaseTraffic.class);

    /** A split with its own counters: a new split (revision) starts them again. */
    private record Active(TrafficSplit split, RequestCounters stable, RequestCounters canary, RequestCounters pinned,
                          LongAdder forwardFailures, Block block) {
    }

    /** One block of routing places: exactly {@code canary} of {@code size} are the canary's, in shuffled order. */
    static final class Block {
        private final boolean[] places;
        private final java.util.Random random;
        private int next;

        Block(double weightPercent, java.util.Random random) {
            int size = weightPercent == Math.rint(weightPercent) ? 100 : 1000;
            int canary = (int) Math.round(weightPercent * size / 100);
            this.places = new boolean[size];
            for (int i = 0; i < canary; i++) {
                places[i] = true;
            }
            this.random = random;
            this.next = size; // shuffled before the first request
        }

        boolean next() {
            if (next == places.length) {
                for (int i = places.length - 1; i > 0; i--) { // Fisher-Yates
                    int j = random.nextInt(i + 1);
                    boolean t = places[i];
                    places[i] = places[j];
                    places[j] = t;
                }
                next = 0;
            }
            return places[next++];
        }
    }

    /**
     * Where one request goes, and under which split it was routed: its answer is counted on that split's counters
     * even when a new split is set while it is in flight (a request of the previous step never counts in the next).
     * A pinned request is counted apart: it is not part of the weighted split the step is checked against.
     */
    public record Route(String lane, boolean pinned, Object split) {
        static final Route STABLE_ONLY = new Route(TrafficSplit.STABLE, false, null);

        public boolean canary() {
            return TrafficSplit.CANARY.equals(lane);
        }
    }

    /** The lane name of pinned requests in {@link TrafficState#served()}. */
    public static final String PINNED = "pinned";

    private final TrafficSettings settings;
    private final Clock clock;
    private volatile Active active;

    ReleaseTraffic(TrafficSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** The release this process runs. */
    public String release() {
        return settings.release();
    }

    /** Where a request of tenant {@code slug} goes: its tenant's pin first, else the weight. */
    public Route route(String slug) {
        Active a = active;
        if (a == null || a.split().canaryRelease() == null) {
            return Route.STABLE_ONLY;
        }
        String pinned = slug == null ? null : a.split().pins().get(slug);
        if (pinned != null) {
            return new Route(pinned, true, a);
        }
        boolean canary;
        synchronized (a.block()) {
            canary = a.block().next();
        }
        return new Route(canary ? TrafficSplit.CANARY : TrafficSplit.STABLE, false, a);
    }

    /**
     * Counts a request's answer on the lane that served it ({@code servedBy}: the route's lane, or stable when the canary
     * could not be reached), under the split it was routed by.
     */
    public void answered(Route route, String servedBy, int status, boolean write, long nanos) {
        if (route.split() instanceof Active a) {
            RequestCounters lane = route.pinned() ? a.pinned() : TrafficSplit.CANARY.equals(servedBy) ? a.canary() : a.stable();
            lane.answered(status, write, nanos);
        }
    }

    /** A request meant for the canary could not reach it (it is served here; the canary counts it as a failure). */
    public void forwardFailed(Route route) {
        if (route.split() instanceof Active a) {
            a.forwardFailures().increment();
            a.canary().answered(503, false, 0);
        }
    }

    /** The split in force, with its key (for the forwarder), or null. */
    public TrafficSplit split() {
        Active a = active;
        return a == null ? null : a.split();
    }

    /**
     * Replaces the split. A revision lower than the one in force is refused ({@link StaleSplitException}); the same
     * revision again is a no-op (a retried PUT keeps the counters).
     */
    public synchronized TrafficState change(TrafficSplit next) {
        Active a = active;
        if (a != null && next.revision() < a.split().revision()) {
            throw new StaleSplitException(next.revision(), a.split().revision());
        }
        if (next.stableRelease() != null && !next.stableRelease().equals(settings.release())) {
            throw new IllegalArgumentException("This process runs release " + settings.release() + ", not "
                    + next.stableRelease() + "; a split names the port's own release as stable");
        }
        if (a == null || next.revision() > a.split().revision() || !next.equals(a.split())) {
            active = new Active(next, new RequestCounters(clock.instant()), new RequestCounters(clock.instant()),
                    new RequestCounters(clock.instant()), new LongAdder(),
                    new Block(next.canaryWeightPercent(), new java.util.Random()));
            log.info("Traffic split revision {}: {} % of tenant requests to canary {} ({} pinned tenants), the rest to {}",
                    next.revision(), next.canaryWeightPercent(), next.canaryRelease(), next.pins().size(), settings.release());
        }
        return state();
    }

    public TrafficState state() {
        Active a = active;
        Map<String, RequestStats> served = new LinkedHashMap<>();
        if (a != null) {
            served.put(TrafficSplit.STABLE, a.stable().snapshot(clock.instant()));
            served.put(TrafficSplit.CANARY, a.canary().snapshot(clock.instant()));
            served.put(PINNED, a.pinned().snapshot(clock.instant()));
        }
        return new TrafficState(settings.release(), a == null ? null : a.split().withoutKey(), served,
                a == null ? 0 : a.forwardFailures().sum(), clock.instant());
    }

    /** A split older than the one in force. */
    public static final class StaleSplitException extends RuntimeException {
        StaleSplitException(long offered, long current) {
            super("Traffic split revision " + offered + " is older than the one in force (" + current + "); not applied");
        }
    }
}
