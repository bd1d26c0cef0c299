package com.companyos.dr.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.ReplicationStatus;
import com.companyos.base.RegionId;
import com.companyos.regions.RegionAgents;
import com.companyos.regions.RegionHealthMonitor;
import com.companyos.regions.RegionState;
import com.companyos.regions.RegionStatus;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import static com.companyos.db.Tables.REPLICATION_SAMPLE;

/**
 * Asks every healthy region for its tenants' replication every 2 s (kept in memory for the posture view) and stores a
 * sample per tenant and region every 10 s (the lag time series; kept 7 days).
 */
@Component
public class ReplicationSampler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplicationSampler.class);
    static final Duration STORE_EVERY = Duration.ofSeconds(10);

    private final RegionHealthMonitor monitor;
    private final RegionAgents agents;
    private final DSLContext db;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final Map<RegionId, List<ReplicationStatus>> latest = new ConcurrentHashMap<>();
    private volatile Instant lastStored = Instant.EPOCH;
    private volatile ScheduledFuture<?> schedule;

    ReplicationSampler(RegionHealthMonitor monitor, RegionAgents agents, DSLContext db, TaskScheduler scheduler, Clock clock) {
        this.monitor = monitor;
        this.agents = agents;
        this.db = db;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** A tenant's replication as {@code region} last reported it (empty if the region is down or does not hold it). */
    public Optional<ReplicationStatus> latest(RegionId region, UUID tenant) {
        return latest.getOrDefault(region, List.of()).stream().filter(s -> s.tenantId().equals(tenant.toString())).findFirst();
    }

    /** The 95th percentile of the stored lag samples of a tenant's active region since {@code from}. */
    public double lagP95(UUID tenant, Instant from) {
        Double p95 = db.fetchValue("select percentile_cont(0.95) within group (order by seconds_behind) from replication_sample "
                + "where tenant_id = ?::uuid and role = 'ACTIVE' and sampled_at >= ?::timestamptz", tenant, from.atOffset(ZoneOffset.UTC))
                instanceof Number n ? n.doubleValue() : null;
        return p95 == null ? 0 : p95;
    }

    void sample() {
        Instant now = clock.instant();
        boolean store = Duration.between(lastStored, now).compareTo(STORE_EVERY) >= 0;
        for (RegionStatus s : monitor.statuses()) {
            if (s.state() == RegionState.UNREACHABLE || s.state() == RegionState.UNKNOWN) {
                latest.remove(s.region());
                continue;
            }
            try {
                List<ReplicationStatus> all = agents.client(s.region()).getList(AgentPaths.REPLICATION, ReplicationStatus.class);
                latest.put(s.region(), all);
                if (store) {
                    for (ReplicationStatus r : all) {
                        db.insertInto(REPLICATION_SAMPLE).set(REPLICATION_SAMPLE.TENANT_ID, UUID.fromString(r.tenantId()))
                                .set(REPLICATION_SAMPLE.REGION, s.region().value()).set(REPLICATION_SAMPLE.SAMPLED_AT, now.atOffset(ZoneOffset.UTC))
                                .set(REPLICATION_SAMPLE.ROLE, r.role()).set(REPLICATION_SAMPLE.EPOCH, r.epoch())
                                .set(REPLICATION_SAMPLE.SEQ_BEHIND, r.seqBehind()).set(REPLICATION_SAMPLE.SECONDS_BEHIND, r.secondsBehind())
                                .set(REPLICATION_SAMPLE.APPLIED_SEQ, r.appliedSeq()).onConflictDoNothing().execute();
                    }
                }
            } catch (RuntimeException e) {
                latest.remove(s.region());
                log.debug("Replication of {} not sampled: {}", s.region(), e.getMessage());
            }
        }
        if (store) {
            lastStored = now;
            db.deleteFrom(REPLICATION_SAMPLE).where(REPLICATION_SAMPLE.SAMPLED_AT.lt(now.minus(Duration.ofDays(7)).atOffset(ZoneOffset.UTC)))
                    .execute();
        }
    }

    @Override
    public void start() {
        schedule = scheduler.scheduleWithFixedDelay(() -> {
            try {
                sample();
            } catch (RuntimeException e) {
                log.debug("Replication sampling failed: {}", e.getMessage());
            }
        }, Instant.now().plusSeconds(2), Duration.ofSeconds(2));
    }

    @Override
    public void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }

    @Override
    public boolean isRunning() {
        return schedule != null && !schedule.isCancelled();
    }
}
