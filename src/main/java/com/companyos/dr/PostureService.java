package com.companyos.dr;

import com.companyos.agentapi.control.ReplicationStatus;
import com.companyos.base.RegionId;
import com.companyos.base.Roles;
import com.companyos.dr.internal.DrillRepository;
import com.companyos.dr.internal.ReplicationSampler;
import com.companyos.regions.RegionHealthMonitor;
import com.companyos.regions.RegionState;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantActivation;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The multi-region posture of every tenant, live from the agents. Failover readiness is four checks of 25 points:
 * the standby is reachable and holds the tenant as standby; replication lag is under the 1 s target; the last drill
 * passed within 90 days; the residency policy allows the standby (the last replication decision was an allow).
 */
@Service
public class PostureService {

    public static final double LAG_TARGET_SECONDS = 1.0;
    public static final Duration DRILL_FRESHNESS = Duration.ofDays(90);

    private final TenantActivation tenants;
    private final ReplicationSampler sampler;
    private final RegionHealthMonitor monitor;
    private final DrillRepository drills;
    private final Clock clock;

    PostureService(TenantActivation tenants, ReplicationSampler sampler, RegionHealthMonitor monitor, DrillRepository drills, Clock clock) {
        this.tenants = tenants;
        this.sampler = sampler;
        this.monitor = monitor;
        this.drills = drills;
        this.clock = clock;
    }

    @PreAuthorize(Roles.ANY_STAFF)
    public List<TenantPosture> posture() {
        Instant now = clock.instant();
        List<TenantPosture> out = new ArrayList<>();
        for (Tenant t : tenants.active()) {
            if (t.synthetic()) {
                continue;
            }
            out.add(of(t, now, drills.lastFinished(t.id()).orElse(null), sampler.lagP95(t.id(), now.minus(Duration.ofHours(1)))));
        }
        return out;
    }

    /**
     * Replication lag and failover readiness per region of the tenants active there, and each region's lag over the
     * last hour (from the stored per-region summaries). Costs the same few queries however many tenants there are.
     */
    @PreAuthorize(Roles.ANY_STAFF)
    public List<RegionPosture> regions() {
        Instant now = clock.instant();
        Map<UUID, Drill> lastDrills = drills.lastFinishedPerTenant();
        Map<String, List<TenantPosture>> byRegion = new TreeMap<>();
        monitor.statuses().forEach(r -> byRegion.put(r.region().value(), new ArrayList<>()));
        for (Tenant t : tenants.active()) {
            if (!t.synthetic()) {
                byRegion.computeIfAbsent(t.activeRegion(), r -> new ArrayList<>()).add(of(t, now, lastDrills.get(t.id()), Double.NaN));
            }
        }
        Map<String, List<RegionPosture.LagPoint>> history = lagHistory(now.minus(Duration.ofHours(1)));
        List<RegionPosture> out = new ArrayList<>();
        byRegion.forEach((region, list) -> {
            boolean healthy = monitor.statuses().stream().anyMatch(r -> r.region().value().equals(region) && r.state() == RegionState.HEALTHY);
            double[] lags = list.stream().filter(p -> p.seqBehind() >= 0).mapToDouble(TenantPosture::secondsBehind).sorted().toArray();
            out.add(new RegionPosture(region, healthy, list.size(), (int) list.stream().filter(p -> p.readiness() == 100).count(),
                    list.isEmpty() ? 0 : list.stream().mapToInt(TenantPosture::readiness).average().orElse(0),
                    (int) list.stream().filter(p -> p.seqBehind() < 0).count(),
                    lags.length == 0 ? 0 : lags[lags.length - 1], RegionPosture.percentile(lags, 0.95),
                    history.getOrDefault(region, List.of())));
        });
        return out;
    }

    /** Each region's replication lag (worst tenant, 95th percentile) over the last {@code span}, stored every 10 s. */
    @PreAuthorize(Roles.ANY_STAFF)
    public Map<String, List<RegionPosture.LagPoint>> regionLagHistory(Duration span) {
        return lagHistory(clock.instant().minus(span));
    }

    private Map<String, List<RegionPosture.LagPoint>> lagHistory(Instant from) {
        Map<String, List<RegionPosture.LagPoint>> history = new TreeMap<>();
        sampler.regionLag(from).forEach(l -> history.computeIfAbsent(l.region(), r -> new ArrayList<>())
                .add(new RegionPosture.LagPoint(l.at(), l.maxSeconds(), l.p95Seconds())));
        return history;
    }

    /** A tenant's replication lag in its active region over the last {@code span} (stored every 10 s). */
    @PreAuthorize(Roles.ANY_STAFF)
    public List<RegionPosture.TenantLagPoint> lagHistory(String slug, Duration span) {
        Tenant t = tenants.active(slug);
        return sampler.tenantLag(t.id(), clock.instant().minus(span)).stream()
                .map(l -> new RegionPosture.TenantLagPoint(l.region(), l.at(), l.seconds(), l.seqBehind())).toList();
    }

    private TenantPosture of(Tenant t, Instant now, Drill last, double lagP95LastHour) {
        RegionId active = RegionId.of(t.activeRegion());
        RegionId standby = RegionId.of(t.standbyRegion());
        ReplicationStatus a = sampler.latest(active, t.id()).orElse(null);
        ReplicationStatus s = sampler.latest(standby, t.id()).orElse(null);
        boolean standbyUp = monitor.statuses().stream().anyMatch(r -> r.region().equals(standby) && r.state() == RegionState.HEALTHY);
        List<TenantPosture.Check> checks = new ArrayList<>();
        checks.add(new TenantPosture.Check("Standby reachable", standbyUp && s != null && "STANDBY".equals(s.role()),
                !standbyUp ? standby + " is not healthy" : s == null ? standby + " holds no replica of this tenant"
                        : standby + " holds it as " + s.role() + (s.problem() == null ? "" : " (" + s.problem() + ")")));
        double lag = a == null ? Double.NaN : a.secondsBehind();
        checks.add(new TenantPosture.Check("Lag under " + LAG_TARGET_SECONDS + " s", a != null && lag <= LAG_TARGET_SECONDS,
                a == null ? "active region " + active + " not reporting" : String.format(java.util.Locale.ROOT,
                        "%d change(s), %.2f s behind", a.seqBehind(), lag)));
        boolean drillOk = last != null && Boolean.TRUE.equals(last.passed())
                && last.finishedAt().isAfter(now.minus(DRILL_FRESHNESS));
        checks.add(new TenantPosture.Check("Last drill passed (90 days)", drillOk, last == null ? "no drill has run"
                : last.status() + " on " + last.finishedAt() + (drillOk ? "" : Boolean.TRUE.equals(last.passed()) ? " (too old)" : "")));
        boolean policyOk = a != null && (a.lastDecisionId() == null ? a.seqBehind() == 0 : a.lastDecisionAllowed());
        checks.add(new TenantPosture.Check("Policy allows the standby", policyOk, a == null ? "unknown (active region not reporting)"
                : a.lastDecisionId() == null ? "no replication decided yet" : (a.lastDecisionAllowed() ? "allowed" : "refused")
                + " by decision " + a.lastDecisionId()));
        int readiness = (int) checks.stream().filter(TenantPosture.Check::ok).count() * 25;
        return new TenantPosture(t.slug(), t.spec().zone().name(), t.spec().residencyLocked(), t.spec().primaryRegion().value(),
                t.spec().failoverRegion().value(), t.activeRegion(), t.standbyRegion(), t.epoch(), t.replicationMode(), t.failedOver(),
                t.failoverOperations(),
                a == null ? -1 : a.seqBehind(), a == null ? -1 : a.secondsBehind(), lagP95LastHour,
                s == null ? null : s.role(), a == null ? null : a.problem(), last, readiness, checks, now);
    }
}
