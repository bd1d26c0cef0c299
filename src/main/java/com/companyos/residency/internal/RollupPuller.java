package com.companyos.residency.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.DecisionRollup;
import com.companyos.base.PeriodicWork;
import com.companyos.base.cluster.ClusterEvents;
import com.companyos.regions.Region;
import com.companyos.regions.RegionAgents;
import com.companyos.regions.RegionHealthMonitor;
import com.companyos.regions.RegionRegistry;
import com.companyos.regions.RegionState;
import com.companyos.residency.DecisionsCounted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps the console's decision rollups current: every few seconds it asks each healthy region for the counts of the
 * decisions sealed since its cursor (a delta read by sequence number in the region) and adds them. A region that was
 * down is caught up when it returns; a region whose decision log was replaced (a new chain) is counted again from the
 * start. Safe with several console instances: a delta is applied only if the cursor is still where it started (each
 * decision is counted once, by whichever console moves the cursor first), and every console hears of new counts
 * ({@link DecisionsCounted}).
 */
@Component
public class RollupPuller extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(RollupPuller.class);
    /** Most decisions counted per request; a backlog takes several rounds of one tick. */
    static final int BATCH = 50_000;
    private static final int ROUNDS_PER_TICK = 20;

    private final RegionRegistry regions;
    private final RegionHealthMonitor monitor;
    private final RegionAgents agents;
    private final DecisionRollups rollups;
    private final Clock clock;
    private final ClusterEvents events;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, Instant> lastCounted = new java.util.concurrent.ConcurrentHashMap<>();

    RollupPuller(RegionRegistry regions, RegionHealthMonitor monitor, RegionAgents agents, DecisionRollups rollups,
                 ClusterEvents events, TaskScheduler scheduler, Clock clock, @Value("${companyos.residency.rollup-interval:5s}") Duration interval) {
        super(scheduler, interval, interval);
        this.regions = regions;
        this.monitor = monitor;
        this.agents = agents;
        this.rollups = rollups;
        this.clock = clock;
        this.events = events;
    }

    /** Pulls every healthy region's new decisions now; true if any count changed. */
    public synchronized boolean pull() {
        boolean changed = false;
        for (Region region : regions.all()) {
            boolean healthy = monitor.statuses().stream().anyMatch(s -> s.region().equals(region.id()) && s.state() == RegionState.HEALTHY);
            if (!healthy) {
                continue;
            }
            try {
                changed |= pull(region);
                lastCounted.put(region.id().value(), clock.instant());
            } catch (RuntimeException e) {
                log.debug("Decision rollup of {} not pulled: {}", region.id(), e.getMessage());
            }
        }
        if (changed) {
            events.publish(new DecisionsCounted());
        }
        return changed;
    }

    private boolean pull(Region region) {
        String name = region.id().value();
        boolean changed = false;
        for (int round = 0; round < ROUNDS_PER_TICK; round++) {
            DecisionRollups.Cursor cursor = rollups.cursor(name).orElse(new DecisionRollups.Cursor(name, 0, null));
            DecisionRollup delta = agents.client(region.id())
                    .get(AgentPaths.DECISION_ROLLUP + "?afterSeq=" + cursor.lastSeq() + "&limit=" + BATCH, DecisionRollup.class)
                    .orElseThrow(() -> new IllegalStateException(name + " has no decision rollup"));
            boolean replaced = cursor.chainStart() != null && !Objects.equals(cursor.chainStart(), delta.chainStart());
            if (replaced || delta.headSeq() < cursor.lastSeq()) {
                log.warn("The decision log of {} was replaced (chain start or head moved back); counting it again from the start", name);
                rollups.restart(name);
                changed = true;
                continue;
            }
            if (delta.upToSeq() <= cursor.lastSeq()) {
                return changed;
            }
            if (!rollups.apply(name, delta, clock.instant())) {
                return changed; // another console instance counted this delta
            }
            changed |= !delta.buckets().isEmpty();
            if (delta.upToSeq() >= delta.headSeq()) {
                return changed;
            }
        }
        return changed;
    }

    /** When this console last brought each region's counts up to date (whether or not there was anything new). */
    public java.util.Map<String, Instant> lastCounted() {
        return new java.util.TreeMap<>(lastCounted);
    }

    /** Called after new decisions were counted (by any console); the returned action unsubscribes. */
    public Runnable subscribe(Runnable changed) {
        listeners.add(changed);
        return () -> listeners.remove(changed);
    }

    @EventListener
    void on(DecisionsCounted counted) {
        listeners.forEach(Runnable::run);
    }

    @Override
    protected void runOnce() {
        pull();
    }
}
