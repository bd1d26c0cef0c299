package com.companyos.tenants.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.DirectoryEntry;
import com.companyos.base.RegionId;
import com.companyos.regions.Region;
import com.companyos.regions.RegionAgents;
import com.companyos.regions.RegionHealthMonitor;
import com.companyos.regions.RegionRegistry;
import com.companyos.regions.RegionState;
import com.companyos.regions.RegionStatus;
import com.companyos.tenants.Tenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * Tells every region's agent where each tenant lives (the tenant directory: residency, regions, the serving region's
 * data URL; never tenant data), so an agent can answer a misdirected request with 421 and the right region. Pushed to
 * all agents when a tenant is created or torn down, replaced in full on every agent every minute and whenever an
 * agent comes back healthy. Idempotent: several consoles may push the same directory.
 */
@Component
public class TenantDirectorySync implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TenantDirectorySync.class);
    static final Duration PERIOD = Duration.ofMinutes(1);

    private final TenantRepository tenants;
    private final RegionRegistry regions;
    private final RegionAgents agents;
    private final RegionHealthMonitor monitor;
    private final TaskScheduler scheduler;
    private final Map<RegionId, RegionState> lastState = new ConcurrentHashMap<>();
    private volatile ScheduledFuture<?> schedule;
    private volatile Runnable unsubscribe;

    TenantDirectorySync(TenantRepository tenants, RegionRegistry regions, RegionAgents agents, RegionHealthMonitor monitor,
                        TaskScheduler scheduler) {
        this.tenants = tenants;
        this.regions = regions;
        this.agents = agents;
        this.monitor = monitor;
        this.scheduler = scheduler;
    }

    /** The directory entry of an active tenant. */
    public DirectoryEntry entry(Tenant t) {
        // The agents that hold the tenant's data: its Dedicated Compliance Partition's, when one serves it.
        Region active = agents.endpointFor(t.id(), RegionId.of(t.activeRegion()));
        String standbyUrl = regions.find(RegionId.of(t.standbyRegion()))
                .map(r -> agents.endpointFor(t.id(), r.id()).agentUrl().toString()).orElse(null);
        return new DirectoryEntry(t.id().toString(), t.slug(), t.spec().zone().name(), t.spec().residencyLocked() || t.spec().dcpRequested(),
                active.dedicated() ? "dcp" : t.spec().channel().folder(), t.spec().primaryRegion().value(), t.spec().failoverRegion().value(),
                active.id().value(), active.dataUrl().toString(), t.epoch(), t.standbyRegion(), standbyUrl, t.replicationMode(),
                t.failedOver(), t.failoverOperations(), tenants.activeTokenHashes(t.id()), active.partition());
    }

    /** Pushes one tenant's entry to every agent; an agent that cannot be reached gets it with the next full sync. */
    public void publish(Tenant tenant) {
        DirectoryEntry entry = entry(tenant);
        for (Region region : agents.allEndpoints()) {
            if (region.dedicated() && !region.partition().equals(tenant.slug())) {
                continue; // a partition agent knows its own tenant only
            }
            try {
                agents.client(region).put(AgentPaths.directory(entry.tenantId()), entry, Void.class);
            } catch (RuntimeException e) {
                log.warn("Directory entry for {} not delivered to {} yet ({}); the next full sync retries", tenant.slug(), region.label(),
                        e.getMessage());
            }
        }
    }

    /** Removes a torn-down tenant from every agent's directory. */
    public void withdraw(UUID tenantId) {
        for (Region region : regions.all()) {
            try {
                agents.client(region.id()).delete(AgentPaths.directory(tenantId.toString()), Void.class);
            } catch (RuntimeException e) {
                log.warn("Directory removal of {} not delivered to {} yet ({}); the next full sync retries", tenantId, region.id(),
                        e.getMessage());
            }
        }
    }

    /** Replaces the whole directory on every reachable agent; returns how many agents took it. */
    public int syncAll() {
        List<DirectoryEntry> all = tenants.list().stream().filter(Tenant::active).map(this::entry).toList();
        int delivered = 0;
        for (Region region : agents.allEndpoints()) {
            if (sync(region, all)) {
                delivered++;
            }
        }
        return delivered;
    }

    private boolean sync(Region region, List<DirectoryEntry> all) {
        // A partition agent is sent its own tenant's entry only (it would ignore the others anyway).
        List<DirectoryEntry> entries = region.dedicated() ? all.stream().filter(e -> e.slug().equals(region.partition())).toList() : all;
        try {
            agents.client(region).put(AgentPaths.DIRECTORY_ALL, entries, Void.class);
            return true;
        } catch (RuntimeException e) {
            log.debug("Directory sync to {} failed: {}", region.label(), e.getMessage());
            return false;
        }
    }

    private void onStatus(RegionStatus status) {
        RegionState previous = lastState.put(status.region(), status.state());
        if (status.state() == RegionState.HEALTHY && previous != RegionState.HEALTHY) {
            scheduler.schedule(() -> sync(regions.get(status.region()), tenants.list().stream().filter(Tenant::active).map(this::entry).toList()),
                    java.time.Instant.now());
        }
    }

    @Override
    public void start() {
        unsubscribe = monitor.subscribe(this::onStatus);
        schedule = scheduler.scheduleWithFixedDelay(() -> {
            try {
                syncAll();
            } catch (RuntimeException e) {
                log.warn("Tenant directory sync failed", e);
            }
        }, java.time.Instant.now().plus(PERIOD), PERIOD);
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
