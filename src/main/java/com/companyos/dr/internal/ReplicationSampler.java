package com.companyos.dr.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.ReplicationStatus;
import com.companyos.base.PeriodicWork;
import com.companyos.base.RegionId;
import com.companyos.dr.RegionPosture;
import com.companyos.tenants.Tenant;
import com.companyos.regions.RegionAgents;
import com.companyos.regions.RegionHealthMonitor;
import com.companyos.regions.RegionState;
import com.companyos.regions.RegionStatus;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

import static com.companyos.db.Tables.REPLICATION_REGION_SAMPLE;
import static com.companyos.db.Tables.REPLICATION_SAMPLE;

/**
 * Asks every healthy region for its tenants' replication every 2 s on every console (kept in memory for the posture
 * view: a read) and stores a sample per tenant and region every 10 s on one console at a time (the lag time series,
 * kept 7 days: a fact, written once; see {@link DrJobs}).
 */
@Component
public class ReplicationSampler extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(ReplicationSampler.class);
    static final Duration STORE_EVERY = Duration.ofSeconds(10);

    private final RegionHealthMonitor monitor;
    private final RegionAgents agents;
    private final DSLContext db;
    private final Clock clock;
    private final Map<RegionId, Map<String, ReplicationStatus>> latest = new ConcurrentHashMap<>();

    ReplicationSampler(RegionHealthMonitor monitor, RegionAgents agents, DSLContext db, TaskScheduler scheduler, Clock clock) {
        super(scheduler, Duration.ofSeconds(2), Duration.ofSeconds(2));
        this.monitor = monitor;
        this.agents = agents;
        this.db = db;
        this.clock = clock;
    }

    /** A tenant's replication as {@code region} last reported it (empty if the region is down or does not hold it). */
    public Optional<ReplicationStatus> latest(RegionId region, UUID tenant) {
        return Optional.ofNullable(latest.getOrDefault(region, Map.of()).get(tenant.toString()));
    }

    /** The 95th percentile of the stored lag samples of a tenant's active region since {@code from}. */
    public double lagP95(UUID tenant, Instant from) {
        Double p95 = db.fetchValue("select percentile_cont(0.95) within group (order by seconds_behind) from replication_sample "
                + "where tenant_id = ?::uuid and role = 'ACTIVE' and sampled_at >= ?::timestamptz", tenant, from.atOffset(ZoneOffset.UTC))
                instanceof Number n ? n.doubleValue() : null;
        return p95 == null ? 0 : p95;
    }

    /** A region's lag over the tenants active there at one moment. */
    public record RegionLag(String region, Instant at, int tenants, double maxSeconds, double p95Seconds, long maxSeqBehind) {
    }

    /** One tenant's lag in its active region at one moment. */
    public record TenantLag(String region, Instant at, double seconds, long seqBehind) {
    }

    /** Every region's stored lag summaries since {@code from}, oldest first (one small row per region per 10 s). */
    public List<RegionLag> regionLag(Instant from) {
        return db.selectFrom(REPLICATION_REGION_SAMPLE).where(REPLICATION_REGION_SAMPLE.SAMPLED_AT.ge(from.atOffset(ZoneOffset.UTC)))
                .orderBy(REPLICATION_REGION_SAMPLE.SAMPLED_AT)
                .fetch(r -> new RegionLag(r.getRegion(), r.getSampledAt().toInstant(), r.getTenants(), r.getMaxSecondsBehind(),
                        r.getP95SecondsBehind(), r.getMaxSeqBehind()));
    }

    /** One tenant's stored lag samples where it was active, since {@code from}, oldest first. */
    public List<TenantLag> tenantLag(UUID tenant, Instant from) {
        return db.selectFrom(REPLICATION_SAMPLE).where(REPLICATION_SAMPLE.TENANT_ID.eq(tenant)
                        .and(REPLICATION_SAMPLE.ROLE.eq("ACTIVE")).and(REPLICATION_SAMPLE.SAMPLED_AT.ge(from.atOffset(ZoneOffset.UTC))))
                .orderBy(REPLICATION_SAMPLE.SAMPLED_AT)
                .fetch(r -> new TenantLag(r.getRegion(), r.getSampledAt().toInstant(), r.getSecondsBehind(), r.getSeqBehind()));
    }

    /** The region's lag over its customer tenants (the residency probe's canaries, refused a standby by design, left out). */
    private void storeRegion(RegionId region, List<ReplicationStatus> all, Instant now) {
        List<ReplicationStatus> customers = all.stream()
                .filter(r -> "ACTIVE".equals(r.role()) && (r.slug() == null || !r.slug().startsWith(Tenant.SYNTHETIC_PREFIX))).toList();
        double[] lags = customers.stream().mapToDouble(ReplicationStatus::secondsBehind).sorted().toArray();
        long maxSeq = customers.stream().mapToLong(ReplicationStatus::seqBehind).max().orElse(0);
        db.insertInto(REPLICATION_REGION_SAMPLE).set(REPLICATION_REGION_SAMPLE.REGION, region.value())
                .set(REPLICATION_REGION_SAMPLE.SAMPLED_AT, now.atOffset(ZoneOffset.UTC)).set(REPLICATION_REGION_SAMPLE.TENANTS, lags.length)
                .set(REPLICATION_REGION_SAMPLE.MAX_SECONDS_BEHIND, lags.length == 0 ? 0 : lags[lags.length - 1])
                .set(REPLICATION_REGION_SAMPLE.P95_SECONDS_BEHIND, RegionPosture.percentile(lags, 0.95))
                .set(REPLICATION_REGION_SAMPLE.MAX_SEQ_BEHIND, maxSeq).onConflictDoNothing().execute();
    }

    /** Asks every healthy region for its tenants' replication now and keeps the answers in memory. */
    Map<RegionId, List<ReplicationStatus>> read() {
        Map<RegionId, List<ReplicationStatus>> read = new java.util.LinkedHashMap<>();
        for (RegionStatus s : monitor.statuses()) {
            if (s.state() == RegionState.UNREACHABLE || s.state() == RegionState.UNKNOWN) {
                latest.remove(s.region());
                continue;
            }
            try {
                List<ReplicationStatus> all = agents.client(s.region()).getList(AgentPaths.REPLICATION, ReplicationStatus.class);
                Map<String, ReplicationStatus> byTenant = new java.util.HashMap<>();
                all.forEach(r -> byTenant.put(r.tenantId(), r));
                latest.put(s.region(), byTenant);
                read.put(s.region(), all);
            } catch (RuntimeException e) {
                latest.remove(s.region());
                log.debug("Replication of {} not sampled: {}", s.region(), e.getMessage());
            }
        }
        return read;
    }

    /**
     * Stores one sample per tenant and region and one summary per region (the lag time series), and drops samples
     * older than 7 days. Run by the {@code replication-samples} task on db-scheduler, so however many consoles run,
     * one of them stores each sample.
     */
    void store() {
        Instant now = clock.instant();
        read().forEach((region, all) -> {
            storeRegion(region, all, now);
            for (ReplicationStatus r : all) {
                db.insertInto(REPLICATION_SAMPLE).set(REPLICATION_SAMPLE.TENANT_ID, UUID.fromString(r.tenantId()))
                        .set(REPLICATION_SAMPLE.REGION, region.value()).set(REPLICATION_SAMPLE.SAMPLED_AT, now.atOffset(ZoneOffset.UTC))
                        .set(REPLICATION_SAMPLE.ROLE, r.role()).set(REPLICATION_SAMPLE.EPOCH, r.epoch())
                        .set(REPLICATION_SAMPLE.SEQ_BEHIND, r.seqBehind()).set(REPLICATION_SAMPLE.SECONDS_BEHIND, r.secondsBehind())
                        .set(REPLICATION_SAMPLE.APPLIED_SEQ, r.appliedSeq()).onConflictDoNothing().execute();
            }
        });
        db.deleteFrom(REPLICATION_SAMPLE).where(REPLICATION_SAMPLE.SAMPLED_AT.lt(now.minus(Duration.ofDays(7)).atOffset(ZoneOffset.UTC)))
                .execute();
        db.deleteFrom(REPLICATION_REGION_SAMPLE)
                .where(REPLICATION_REGION_SAMPLE.SAMPLED_AT.lt(now.minus(Duration.ofDays(7)).atOffset(ZoneOffset.UTC))).execute();
    }

    @Override
    protected void runOnce() {
        read();
    }
}
