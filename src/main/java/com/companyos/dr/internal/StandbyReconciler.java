package com.companyos.dr.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.ReplicationStatus;
import com.companyos.regions.RegionAgents;
import com.companyos.regions.RegionHealthMonitor;
import com.companyos.regions.RegionState;
import com.companyos.regions.RegionStatus;
import com.companyos.base.RegionId;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantActivation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * An old active region that was down during a failover comes back fenced (its directory says another region serves
 * the tenant). This makes it the tenant's standby — quarantining what it had committed but never shipped, then
 * re-seeded by the active region — as soon as it is healthy again, and every 15 s for anything missed.
 */
@Component
class StandbyReconciler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StandbyReconciler.class);

    private final TenantActivation tenants;
    private final RegionAgents agents;
    private final RegionHealthMonitor monitor;
    private final FailoverRepository events;
    private final FailoverExecutor executor;
    private final TaskScheduler scheduler;
    private final java.util.Map<RegionId, RegionState> lastState = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Runnable unsubscribe;
    private volatile ScheduledFuture<?> schedule;

    StandbyReconciler(TenantActivation tenants, RegionAgents agents, RegionHealthMonitor monitor, FailoverRepository events,
                      FailoverExecutor executor, TaskScheduler scheduler) {
        this.tenants = tenants;
        this.agents = agents;
        this.monitor = monitor;
        this.events = events;
        this.executor = executor;
        this.scheduler = scheduler;
    }

    void reconcileAll() {
        for (RegionStatus s : monitor.statuses()) {
            if (s.state() == RegionState.HEALTHY) {
                reconcile(s.region());
            }
        }
    }

    void reconcile(RegionId region) {
        for (Tenant t : tenants.active()) {
            if (!t.standbyRegion().equals(region.value()) || t.epoch() <= 1) {
                continue;
            }
            try {
                ReplicationStatus s = agents.forTenant(t.id(), region).get(AgentPaths.tenantReplication(t.id().toString()), ReplicationStatus.class)
                        .orElse(null);
                if (s == null || "STANDBY".equals(s.role())) {
                    continue;
                }
                events.lastDone(t.id()).ifPresent(e -> {
                    if (e.promotedAtSeq() != null && e.epochTo() == t.epoch()) {
                        String ops = t.failoverOperations();
                        if (executor.makeStandby(t.id(), region.value(), t.epoch(), t.activeRegion(), t.failedOver(), ops,
                                e.promotedAtSeq(), "returned after " + e.kind().name().toLowerCase() + " " + e.id())) {
                            log.info("{} is the standby of {} again (epoch {})", region, t.slug(), t.epoch());
                        }
                    }
                });
            } catch (RuntimeException e) {
                log.debug("Standby reconciliation of {} in {}: {}", t.slug(), region, e.getMessage());
            }
        }
    }

    @Override
    public void start() {
        unsubscribe = monitor.subscribe(status -> {
            RegionState previous = lastState.put(status.region(), status.state());
            if (status.state() == RegionState.HEALTHY && previous != RegionState.HEALTHY) {
                scheduler.schedule(() -> reconcile(status.region()), Instant.now());
            }
        });
        schedule = scheduler.scheduleWithFixedDelay(this::reconcileAll, Instant.now().plusSeconds(15), Duration.ofSeconds(15));
    }

    @Override
    public void stop() {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    @Override
    public boolean isRunning() {
        return schedule != null && !schedule.isCancelled();
    }
}
