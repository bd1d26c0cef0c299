package com.companyos.dashboards;

import com.companyos.approvals.ApprovalChanged;
import com.companyos.approvals.ApprovalService;
import com.companyos.base.Roles;
import com.companyos.dr.Drill;
import com.companyos.dr.DrillService;
import com.companyos.dr.PostureService;
import com.companyos.regions.RegionService;
import com.companyos.regions.RegionState;
import com.companyos.residency.DecisionStatistics;
import com.companyos.tenants.TenantService;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The executive overview: assembled from aggregates the modules keep (tenant census, decision rollups, per-region DR
 * posture, open approvals), never from receipts or decision logs, so its cost does not grow with them. The overview is
 * the same for every staff member, so one assembly serves every open view for a second. Views subscribe for live
 * updates: a region changing state, newly counted decisions, an approval changing, and every ten seconds (lag).
 */
@Service
public class OverviewService {

    static final Duration REUSE_FOR = Duration.ofSeconds(1);
    static final Duration TICK = Duration.ofSeconds(10);

    private final TenantService tenants;
    private final RegionService regions;
    private final DecisionStatistics decisions;
    private final PostureService posture;
    private final DrillService drills;
    private final ApprovalService approvals;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile ExecutiveOverview last;

    OverviewService(TenantService tenants, RegionService regions, DecisionStatistics decisions, PostureService posture,
                    DrillService drills, ApprovalService approvals, TaskScheduler scheduler, Clock clock) {
        this.tenants = tenants;
        this.regions = regions;
        this.decisions = decisions;
        this.posture = posture;
        this.drills = drills;
        this.approvals = approvals;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** The overview as of now (or of at most a second ago). */
    @PreAuthorize(Roles.ANY_STAFF)
    public ExecutiveOverview overview() {
        ExecutiveOverview cached = last;
        Instant now = clock.instant();
        if (cached != null && !cached.asOf().isBefore(now.minus(REUSE_FOR)) && !cached.asOf().isAfter(now)) {
            return cached;
        }
        ExecutiveOverview fresh = assemble();
        last = fresh;
        return fresh;
    }

    /** Assembles the overview now, without reuse (what the benchmark measures). */
    @PreAuthorize(Roles.ANY_STAFF)
    public ExecutiveOverview assemble() {
        Instant now = clock.instant();
        List<ExecutiveOverview.Agent> agents = regions.statuses().stream()
                .map(s -> new ExecutiveOverview.Agent(s.region().value(), s.zone().name(), s.state().name(), s.message())).toList();
        Drill lastDrill = drills.recent(null, 10).stream().filter(Drill::finished).findFirst().orElse(null);
        // DCP provisioning is not built yet: no tenant has a dedicated partition, whatever it asked for.
        return new ExecutiveOverview(now, tenants.census(), 0, agents, decisions.platform(), posture.regions(), lastDrill, approvals.open());
    }

    /**
     * Calls {@code changed} (on a background thread) whenever the overview's figures may have changed. The returned
     * action unsubscribes.
     */
    @PreAuthorize(Roles.ANY_STAFF)
    public Runnable subscribe(Runnable changed) {
        listeners.add(changed);
        Map<String, RegionState> regionStates = new ConcurrentHashMap<>();
        regions.statuses().forEach(s -> regionStates.put(s.region().value(), s.state()));
        Runnable fromRegions = regions.subscribe(s -> {
            RegionState before = regionStates.put(s.region().value(), s.state());
            if (before != s.state()) {
                changed.run();
            }
        });
        Runnable fromDecisions = decisions.subscribe(changed);
        return () -> {
            listeners.remove(changed);
            fromRegions.run();
            fromDecisions.run();
        };
    }

    @EventListener
    void on(ApprovalChanged change) {
        notifyListeners();
    }

    @EventListener(ApplicationReadyEvent.class)
    void startTicking() {
        scheduler.scheduleWithFixedDelay(this::notifyListeners, Instant.now().plus(TICK), TICK);
    }

    private void notifyListeners() {
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                // a view that went away between its detach and its unsubscribe; the others still hear
            }
        }
    }
}
