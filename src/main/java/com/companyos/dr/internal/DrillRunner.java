package com.companyos.dr.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.ReplicationStatus;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.RegionId;
import com.companyos.base.Role;
import com.companyos.dr.Drill;
import com.companyos.dr.FailoverKind;
import com.companyos.dr.FailoverTimeline;
import com.companyos.dr.internal.DrillWriter.Ack;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.regions.RegionAgents;
import com.companyos.regions.RegionRegistry;
import com.companyos.security.SystemActor;
import com.companyos.tenants.IssuedToken;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantActivation;
import com.companyos.tenants.TenantService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Runs an approved drill: a steady stream of synthetic governed writes through the tenant's real data API, the primary
 * region's agent killed for real, the outage detected, an unplanned failover (the drill's approval is its authority),
 * the writer following the routing record to the promoted region, then RPO measured from data (which acknowledged
 * writes the promoted region has) and RTO per step. The report is signed ({@link DrillReports}); the old primary is
 * restored and, if asked, the tenant fails back once the old primary has caught up.
 */
@Component
class DrillRunner {

    private static final Logger log = LoggerFactory.getLogger(DrillRunner.class);
    private static final SystemActor DRILL = new SystemActor("system:dr-drill", Set.of(Role.OPERATOR));
    static final Duration WARM_UP = Duration.ofSeconds(3);

    private final DrillRepository drills;
    private final TenantActivation activation;
    private final TenantService tenants;
    private final RegionAgents agents;
    private final RegionRegistry regions;
    private final List<RegionOutage> outages;
    private final FailoverExecutor failover;
    private final DrillReports reports;
    private final ControlPlaneKeys keys;
    private final Clock clock;
    private final EvidenceRecorder evidence;
    private final TransactionTemplate tx;

    DrillRunner(DrillRepository drills, TenantActivation activation, TenantService tenants, RegionAgents agents, RegionRegistry regions,
                List<RegionOutage> outages, FailoverExecutor failover, DrillReports reports, ControlPlaneKeys keys, Clock clock,
                EvidenceRecorder evidence, TransactionTemplate tx) {
        this.evidence = evidence;
        this.tx = tx;
        this.drills = drills;
        this.activation = activation;
        this.tenants = tenants;
        this.agents = agents;
        this.regions = regions;
        this.outages = outages;
        this.failover = failover;
        this.reports = reports;
        this.keys = keys;
        this.clock = clock;
    }

    private final class Steps {
        final UUID drill;
        int next = 1;
        final List<DrillReports.StepResult> done = new ArrayList<>();

        Steps(UUID drill) {
            this.drill = drill;
        }

        int start(String name) {
            drills.stepStarted(drill, next, name, clock.instant());
            return next++;
        }

        void finish(int no, String name, Instant started, Instant finished, String detail) {
            // The step is recorded with the interval it measures (e.g. detection runs from the kill), under its short name.
            drills.stepFinished(drill, no, name, started, finished, detail);
            done.add(new DrillReports.StepResult(no, name, started, finished, detail));
        }
    }

    void run(UUID drillId) {
        Drill drill = drills.find(drillId).orElseThrow();
        Steps steps = new Steps(drillId);
        DrillWriter writer = null;
        RegionId primary = RegionId.of(drill.primaryRegion());
        RegionId standby = RegionId.of(drill.standbyRegion());
        boolean killed = false;
        UUID tokenId = null;
        try {
            Tenant t = activation.get(drill.tenantId());
            RegionOutage outage = outages.stream().filter(o -> o.supports(primary)).findFirst().orElseThrow(() ->
                    new IllegalStateException("No way to take " + primary + " down is configured (production needs a RegionOutage hook)"));
            Instant s0 = clock.instant();
            int check = steps.start("Pre-flight: " + standby + " is the standby and caught up");
            ReplicationStatus st = status(t.id(), standby);
            if (!"STANDBY".equals(st.role()) || t.failedOver() || !t.activeRegion().equals(primary.value())) {
                throw new IllegalStateException(t.slug() + " is not running on " + primary + " with " + standby + " as its standby");
            }
            steps.finish(check, "Pre-flight", s0, clock.instant(), "standby applied seq " + st.appliedSeq() + ", epoch " + st.epoch());

            IssuedToken token = DRILL.run(() -> tenants.issueToken(t.slug(), "dr-drill-" + drillId.toString().substring(0, 8)));
            tokenId = token.tokenId();
            writer = new DrillWriter(t, token.token(), drillId, keys.identity().trusted(), regions, activation, clock);
            Instant s1 = clock.instant();
            int stream = steps.start("Steady synthetic write stream on " + primary);
            writer.start();
            Thread.sleep(WARM_UP.toMillis());
            steps.finish(stream, "Steady write stream", s1, clock.instant(), writer.acknowledged() + " writes acknowledged by " + primary);

            int kill = steps.start("Kill the " + primary + " agent (SIGKILL)");
            Instant killAt = clock.instant();
            outage.kill(primary);
            killed = true;
            steps.finish(kill, "Kill primary agent", killAt, clock.instant(), "process killed");

            int detect = steps.start("Detect the outage");
            Instant detectedAt = awaitDown(primary);
            steps.finish(detect, "Detection", killAt, detectedAt, primary + " stopped answering its health check");

            int decide = steps.start("Decide and fail over to " + standby);
            Instant decideAt = clock.instant();
            FailoverTimeline timeline = failover.execute(new FailoverOrder(t.id(), FailoverKind.FAILOVER, false, false,
                    "DR drill " + drillId, drill.requestedBy(), drill.approvalRequestId(), drill.approvedBy(), drillId), p -> drills.progress(drillId, p));
            steps.finish(decide, "Decision (policy + drill approval)", decideAt, timeline.startedAt(), "decision " + timeline.decisionId());
            int promote = steps.start("Promotion of " + standby);
            steps.finish(promote, "Promotion", timeline.startedAt(), timeline.promotedAt(), "epoch " + timeline.epoch()
                    + ", promoted at seq " + timeline.promotedAtSeq());
            int route = steps.start("Routing switch");
            steps.finish(route, "Routing switch", timeline.promotedAt(), timeline.routedAt(), "control-plane record and agent directories");

            int first = steps.start("First successful write on " + standby);
            Instant firstWrite = writer.awaitFirstWriteOn(standby.value(), Duration.ofSeconds(30));
            steps.finish(first, "First write on the new primary", timeline.routedAt(), firstWrite, "acknowledged by " + standby);
            Thread.sleep(500);
            writer.stop();

            int verify = steps.start("Verify acknowledged writes on " + standby + " (RPO from data)");
            Instant v0 = clock.instant();
            DrillReports.Rpo rpo = measureRpo(writer, primary.value(), standby);
            steps.finish(verify, "RPO verification", v0, clock.instant(), rpo.checked() + " acknowledged writes checked, " + rpo.lost()
                    + " missing");

            double rto = (firstWrite.toEpochMilli() - killAt.toEpochMilli()) / 1000.0;
            int restore = steps.start("Restore " + primary);
            Instant r0 = clock.instant();
            outage.restore(primary);
            killed = false;
            ReplicationStatus back = await("the old primary to be the standby again and caught up", () -> {
                ReplicationStatus s = status(t.id(), primary);
                ReplicationStatus a = status(t.id(), standby);
                return "STANDBY".equals(s.role()) && s.appliedSeq() >= a.nextSeq() ? s : null;
            }, Duration.ofSeconds(90));
            steps.finish(restore, "Restore old primary", r0, clock.instant(), primary + " is the standby (epoch " + back.epoch()
                    + "), caught up to seq " + back.appliedSeq() + ", " + back.diverged() + " change(s) quarantined");
            if (drill.failBack()) {
                int fb = steps.start("Fail back to " + primary);
                Instant f0 = clock.instant();
                FailoverTimeline backTimeline = failover.execute(new FailoverOrder(t.id(), FailoverKind.FAILBACK, true, false,
                        "DR drill " + drillId + " fail-back", drill.requestedBy(), drill.approvalRequestId(), drill.approvedBy(), drillId),
                        p -> drills.progress(drillId, p));
                steps.finish(fb, "Fail back (planned, no loss)", f0, clock.instant(), "epoch " + backTimeline.epoch());
            }
            revoke(t.slug(), tokenId);
            DrillReports.Signed report = reports.build(drills.find(drillId).orElseThrow(), t, steps.done, rpo, rto, timeline, keys);
            finish(drillId, report.passed() ? "PASSED" : "FAILED", rpo.lost(), rpo.seconds(), rto, report.passed(), report.json(),
                    report.dsse(), report.pdf(), null);
        } catch (Exception e) {
            log.warn("Drill {} stopped: {}", drillId, e.toString(), e);
            if (writer != null) {
                writer.stop();
            }
            if (killed) {
                outages.stream().filter(o -> o.supports(primary)).findFirst().ifPresent(o -> o.restore(primary));
            }
            Drill d = drills.find(drillId).orElseThrow();
            if (tokenId != null) {
                revoke(d.tenantSlug(), tokenId);
            }
            finish(drillId, "ERROR", null, null, null, false, null, null, null,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Ends a drill whose console stopped while running it (db-scheduler revived its execution on another console, or on
     * the same one after a restart). A drill cannot be resumed honestly — its write stream and measurements were in the
     * stopped process — so it ends as an error that says where it stopped; its primary region is restarted if the drill
     * left it down and this console can, and its write token is revoked.
     */
    void abandon(Drill drill) {
        RegionId primary = RegionId.of(drill.primaryRegion());
        String primaryState;
        if (!down(primary)) {
            primaryState = primary + " is up";
        } else {
            RegionOutage outage = outages.stream().filter(o -> o.supports(primary)).findFirst().orElse(null);
            if (outage == null) {
                primaryState = primary + " is down and this console cannot restart it: restore it by hand";
            } else {
                outage.restore(primary);
                primaryState = primary + " was down and has been restarted";
            }
        }
        String prefix = "dr-drill-" + drill.id().toString().substring(0, 8);
        try {
            DRILL.run(() -> {
                tenants.tokens(drill.tenantSlug()).stream().filter(k -> k.revokedAt() == null && k.name().equals(prefix))
                        .forEach(k -> revoke(drill.tenantSlug(), k.id()));
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("Tokens of drill {} not checked: {}", drill.id(), e.getMessage());
        }
        log.warn("Drill {} was running on a console that stopped (at '{}'); ended as an error", drill.id(), drill.progress());
        finish(drill.id(), "ERROR", null, null, null, false, null, null, null,
                "The console running this drill stopped at '" + drill.progress() + "'; the drill cannot be resumed and has no report ("
                        + primaryState + ")");
    }

    /** Ends a drill that never started (e.g. no console could take its primary region down). */
    void refuse(UUID drillId, String reason) {
        finish(drillId, "ERROR", null, null, null, false, null, null, null, reason);
    }

    private boolean down(RegionId region) {
        try {
            agents.client(region, Duration.ofSeconds(2)).health().get();
            return false;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return true;
        }
    }

    /** Records the drill's outcome and audits it, together. */
    private void finish(UUID drillId, String status, Long rpoRecords, Double rpoSeconds, Double rtoSeconds, boolean passed, String json,
                        String dsse, byte[] pdf, String error) {
        tx.executeWithoutResult(s -> {
            drills.finish(drillId, status, rpoRecords, rpoSeconds, rtoSeconds, passed, json, dsse, pdf, error, clock.instant());
            Drill d = drills.find(drillId).orElseThrow();
            evidence.record(AuditEvent.of("dr.drill-finished", "tenant:" + d.tenantSlug()).detail("drill", drillId.toString())
                    .detail("status", status).detail("rpoSeconds", rpoSeconds).detail("rpoRecords", rpoRecords)
                    .detail("rtoSeconds", rtoSeconds).detail("error", error));
        });
    }

    private void revoke(String slug, UUID tokenId) {
        try {
            DRILL.run(() -> {
                tenants.revokeToken(slug, tokenId);
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("Drill token {} of {} not revoked yet: {}", tokenId, slug, e.getMessage());
        }
    }

    private DrillReports.Rpo measureRpo(DrillWriter writer, String oldPrimary, RegionId promoted) throws Exception {
        List<Ack> onOld = writer.acknowledgedBy(oldPrimary);
        List<Ack> lost = new ArrayList<>();
        for (Ack a : onOld) {
            if (!writer.read(promoted.value(), a.key()).map(r -> a.sha().equals(r.payloadSha256())).orElse(false)) {
                lost.add(a);
            }
        }
        Instant lastAck = onOld.stream().map(Ack::at).max(Instant::compareTo).orElse(null);
        Instant lastSurvivor = onOld.stream().filter(a -> !lost.contains(a)).map(Ack::at).max(Instant::compareTo).orElse(null);
        double seconds = lost.isEmpty() || lastAck == null ? 0
                : (lastAck.toEpochMilli() - (lastSurvivor == null ? lost.get(0).at() : lastSurvivor).toEpochMilli()) / 1000.0;
        return new DrillReports.Rpo(onOld.size(), lost.size(), seconds, lastAck, lastSurvivor,
                lost.stream().map(Ack::key).limit(50).toList());
    }

    private Instant awaitDown(RegionId region) throws InterruptedException {
        while (true) {
            try {
                agents.client(region, Duration.ofMillis(300)).health().get();
            } catch (Exception down) {
                return clock.instant();
            }
            Thread.sleep(50);
        }
    }

    private ReplicationStatus status(UUID tenant, RegionId region) {
        return agents.forTenant(tenant, region, Duration.ofSeconds(2)).get(AgentPaths.tenantReplication(tenant.toString()), ReplicationStatus.class)
                .orElseThrow(() -> new IllegalStateException(region + " holds no replica of this tenant"));
    }

    private <T> T await(String what, java.util.function.Supplier<T> probe, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                T v = probe.get();
                if (v != null) {
                    return v;
                }
            } catch (RuntimeException notYet) {
                // the region is still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Timed out waiting for " + what);
    }
}
