package com.companyos.dashboards;

import com.companyos.approvals.ApprovalChanged;
import com.companyos.approvals.ApprovalService;
import com.companyos.base.PeriodicWork;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.dr.DrillService;
import com.companyos.dr.PostureService;
import com.companyos.regions.RegionHealthMonitor;
import com.companyos.regions.RegionState;
import com.companyos.regions.RegionStatus;
import com.companyos.residency.DecisionStatistics;
import com.companyos.security.SystemActor;
import com.companyos.tenants.TenantService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The executive overview, precomputed: assembled from aggregates the modules keep (tenant census, decision rollups,
 * per-region DR posture, open approvals) — never from receipts or decision logs — and kept as a snapshot that every
 * staff member's page view reads, so a page view costs rendering only. The snapshot is assembled again (as the
 * read-only {@code system:executive-overview}) when a region changes state, new decisions were counted, an approval
 * changed, and every ten seconds while anyone is watching; open views are told when its figures changed.
 */
@Service
public class OverviewService extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(OverviewService.class);
    static final Duration TICK = Duration.ofSeconds(10);
    /** A snapshot older than this (nobody watched for a while) is assembled afresh on the next page view: a change that
     * sends no signal (a tenant created) shows within this long. */
    static final Duration STALE_AFTER = Duration.ofSeconds(10);
    private static final SystemActor ACTOR = new SystemActor("system:executive-overview", Set.of(Role.EXECUTIVE));

    private final TenantService tenants;
    private final DecisionStatistics decisions;
    private final PostureService posture;
    private final DrillService drills;
    private final ApprovalService approvals;
    private final RegionHealthMonitor monitor;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, RegionState> regionStates = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshPending = new AtomicBoolean();
    private volatile ExecutiveOverview snapshot;
    private volatile Instant lastRead = Instant.EPOCH;
    private volatile Runnable unsubscribe;

    private final com.companyos.dcp.DcpService dcps;

    OverviewService(TenantService tenants, DecisionStatistics decisions, PostureService posture, DrillService drills,
                    ApprovalService approvals, RegionHealthMonitor monitor, TaskScheduler scheduler, Clock clock,
                    com.companyos.dcp.DcpService dcps) {
        super(scheduler, TICK, TICK);
        this.dcps = dcps;
        this.tenants = tenants;
        this.decisions = decisions;
        this.posture = posture;
        this.drills = drills;
        this.approvals = approvals;
        this.monitor = monitor;
        this.clock = clock;
    }

    /** The overview as last assembled (at most seconds old; assembled now if nobody has looked for a while). */
    @PreAuthorize(Roles.ANY_STAFF)
    public ExecutiveOverview overview() {
        Instant now = clock.instant();
        lastRead = now;
        ExecutiveOverview s = snapshot;
        if (s == null || s.asOf().isBefore(now.minus(STALE_AFTER)) || s.asOf().isAfter(now)) {
            s = assembleAndKeep();
        }
        return s;
    }

    /** Assembles the overview now from the modules' aggregates (what the snapshot refresh does; the benchmark measures it). */
    @PreAuthorize(Roles.ANY_STAFF)
    public ExecutiveOverview assemble() {
        List<ExecutiveOverview.Agent> agents = monitor.statuses().stream()
                .map(s -> new ExecutiveOverview.Agent(s.region().value(), s.zone().name(), s.state().name(), s.message())).toList();
        return new ExecutiveOverview(clock.instant(), tenants.census(), (int) dcps.activeCount(), agents, decisions.platform(), posture.regions(),
                drills.lastFinished().orElse(null), approvals.open());
    }

    /**
     * Calls {@code changed} (on a background thread) after the overview's figures changed. The returned action
     * unsubscribes.
     */
    @PreAuthorize(Roles.ANY_STAFF)
    public Runnable subscribe(Runnable changed) {
        listeners.add(changed);
        return () -> listeners.remove(changed);
    }

    private ExecutiveOverview assembleAndKeep() {
        ExecutiveOverview fresh = ACTOR.run(this::assemble);
        ExecutiveOverview before = snapshot;
        snapshot = fresh;
        if (!fresh.sameFiguresAs(before)) {
            for (Runnable l : listeners) {
                try {
                    l.run();
                } catch (RuntimeException e) {
                    log.debug("An overview subscriber failed", e);
                }
            }
        }
        return fresh;
    }

    /** Assembles a new snapshot in the background, once however many changes arrive meanwhile. */
    void refreshSoon() {
        if (refreshPending.compareAndSet(false, true)) {
            scheduler().schedule(() -> {
                refreshPending.set(false);
                try {
                    assembleAndKeep();
                } catch (RuntimeException e) {
                    log.warn("The executive overview could not be assembled; keeping the last one: {}", e.getMessage());
                }
            }, Instant.now()); // the scheduler's own time, not the product clock (which tests move)
        }
    }

    private boolean watched() {
        return !listeners.isEmpty() || lastRead.isAfter(clock.instant().minus(STALE_AFTER));
    }

    @EventListener
    void on(ApprovalChanged change) {
        changed();
    }

    private void on(RegionStatus status) {
        RegionState before = regionStates.put(status.region().value(), status.state());
        if (before != status.state()) {
            changed();
        }
    }

    /** Something the overview shows changed: a new snapshot now if anyone watches, else on the next page view. */
    private void changed() {
        if (watched()) {
            refreshSoon();
        } else {
            snapshot = null;
        }
    }

    @Override
    public void start() {
        Runnable fromRegions = monitor.subscribe(this::on);
        Runnable fromDecisions = decisions.onCounted(this::changed);
        unsubscribe = () -> {
            fromRegions.run();
            fromDecisions.run();
        };
        super.start();
    }

    /** Every tick: a new snapshot if anyone is watching (the lag moves on even when nothing else changes). */
    @Override
    protected void runOnce() {
        if (watched()) {
            refreshSoon();
        }
    }

    @Override
    public void stop() {
        super.stop();
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }
}
