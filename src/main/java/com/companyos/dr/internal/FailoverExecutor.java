package com.companyos.dr.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.ReplicationStatus;
import com.companyos.agentapi.control.RoleChange;
import com.companyos.approvals.ExecutionRefusedException;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Ids;
import com.companyos.base.RegionId;
import com.companyos.dr.FailoverKind;
import com.companyos.dr.FailoverTimeline;
import com.companyos.policy.EntityRef;
import com.companyos.policy.PolicyDecision;
import com.companyos.policy.PolicyQuery;
import com.companyos.policyadmin.PolicyService;
import com.companyos.regions.AgentClient;
import com.companyos.regions.Region;
import com.companyos.regions.RegionAgents;
import com.companyos.regions.RegionRegistry;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantActivation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Moves a tenant to its other region, in this order: the policy must allow the target to hold the tenant's data; the
 * old active region is fenced under the next epoch (if it answers); a planned move waits until the target has applied
 * everything the old region committed (RPO 0); the target is promoted; the control plane's record moves (compare-and-set
 * on the epoch) and every agent's directory follows; the old region is made the standby (now, or by the
 * {@link StandbyReconciler} when it comes back). Each step is audited; the whole is one {@code failover_event}.
 */
@Component
public class FailoverExecutor {

    private static final Logger log = LoggerFactory.getLogger(FailoverExecutor.class);
    static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

    private final TenantActivation activation;
    private final RegionAgents agents;
    private final RegionRegistry regions;
    private final PolicyService policy;
    private final EvidenceRecorder evidence;
    private final FailoverRepository events;
    private final TransactionTemplate tx;
    private final Clock clock;

    FailoverExecutor(TenantActivation activation, RegionAgents agents, RegionRegistry regions, PolicyService policy,
                     EvidenceRecorder evidence, FailoverRepository events, TransactionTemplate tx, Clock clock) {
        this.activation = activation;
        this.agents = agents;
        this.regions = regions;
        this.policy = policy;
        this.evidence = evidence;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    public FailoverTimeline execute(FailoverOrder order, Consumer<String> progress) {
        Tenant t = activation.get(order.tenantId());
        String from = t.activeRegion();
        String to = t.standbyRegion();
        long epoch = t.epoch();
        if (order.kind() == FailoverKind.FAILBACK && !t.failedOver()) {
            throw new ExecutionRefusedException("Tenant " + t.slug() + " already runs on its primary region " + from);
        }
        if (order.kind() == FailoverKind.FAILOVER && t.failedOver()) {
            throw new ExecutionRefusedException("Tenant " + t.slug() + " already runs on its failover region " + from);
        }
        Region target = regions.find(RegionId.of(to)).orElseThrow(() ->
                new ExecutionRefusedException("The standby region " + to + " is not configured on this console"));
        PolicyDecision decision = policy.decide(t.spec().channel(), new PolicyQuery(
                new EntityRef("Agent", from, Map.of("region", from, "zone", regions.find(RegionId.of(from)).map(r -> r.zone().name()).orElse("?"))),
                "replicate", new EntityRef("Tenant", t.slug(), Map.of("zone", t.spec().zone().name(),
                        "residencyLocked", t.spec().residencyLocked() || t.spec().dcpRequested())),
                Map.of("standbyRegion", to, "standbyZone", target.zone().name(), "standbyIsFailover", true)));
        if (!decision.allowed()) {
            evidence.recordRefusal(AuditEvent.by(order.requestedBy(), "tenant." + kindName(order) + "-refused", "tenant:" + t.slug())
                    .decision(decision.decisionId()).reason(decision.explanation()));
            throw new ExecutionRefusedException("Refused: " + to + " may not serve tenant " + t.slug() + ". " + decision.explanation()
                    + " [decision " + decision.decisionId() + "]");
        }
        Instant started = clock.instant();
        UUID eventId = Ids.timeOrdered(clock);
        tx.executeWithoutResult(s -> {
            events.start(eventId, t.id(), order, from, to, epoch, epoch + 1, decision.decisionId(), started);
            evidence.record(AuditEvent.by(order.requestedBy(), "tenant." + kindName(order) + "-started", "tenant:" + t.slug())
                    .decision(decision.decisionId()).reason(order.reason())
                    .detail("from", from).detail("to", to).detail("epoch", epoch + 1).detail("planned", order.planned())
                    .detail("emergency", order.emergency()).detail("event", eventId.toString())
                    .detail("approvalRequest", order.approvalRequestId() == null ? null : order.approvalRequestId().toString()));
        });
        try {
            return run(order, t, from, to, epoch, eventId, started, decision.decisionId(), progress);
        } catch (RuntimeException e) {
            tx.executeWithoutResult(s -> {
                events.fail(eventId, e.getMessage(), clock.instant());
                evidence.recordRefusal(AuditEvent.by(order.requestedBy(), "tenant." + kindName(order) + "-failed", "tenant:" + t.slug())
                        .reason(e.getMessage()).detail("event", eventId.toString()));
            });
            throw e;
        }
    }

    private FailoverTimeline run(FailoverOrder order, Tenant t, String from, String to, long epoch, UUID eventId, Instant started,
                                 UUID decisionId, Consumer<String> progress) {
        // The move clears any earlier write confirmation; a drill's approvals confirm writes for its own failover.
        String ops = t.failoverOperations(order.drillId() != null && order.kind() == FailoverKind.FAILOVER);
        boolean failedOverAfter = !to.equals(t.spec().primaryRegion().value());
        progress.accept("Fencing " + from + " under epoch " + (epoch + 1));
        Long oldNextSeq = null;
        Instant fencedAt = null;
        try {
            ReplicationStatus fenced = client(t.id(), from, order.planned() ? Duration.ofSeconds(5) : Duration.ofSeconds(2))
                    .post(AgentPaths.tenantReplication(t.id().toString()),
                            new RoleChange(RoleChange.FENCED, epoch + 1, to, failedOverAfter, ops, 0, order.reason()), ReplicationStatus.class);
            oldNextSeq = fenced.nextSeq();
            fencedAt = clock.instant();
        } catch (RuntimeException e) {
            if (order.planned()) {
                throw new ExecutionRefusedException("A planned " + kindName(order) + " needs " + from + " to answer (to hand over "
                        + "without loss), but it did not: " + AgentClient.describe(e) + ". Use an unplanned failover if it is down.");
            }
            log.info("Unplanned {} of {}: {} did not answer ({}); it is fenced by epoch when it comes back", kindName(order), t.slug(),
                    from, AgentClient.describe(e));
        }
        Instant caughtUpAt = null;
        if (order.planned() && oldNextSeq != null) {
            progress.accept("Waiting for " + to + " to apply everything up to seq " + oldNextSeq);
            awaitApplied(t.id(), to, oldNextSeq);
            caughtUpAt = clock.instant();
        }
        progress.accept("Promoting " + to);
        // Promotion is the one step that must not give up early (the old primary is already fenced): a generous bound.
        ReplicationStatus promoted = client(t.id(), to, Duration.ofSeconds(15)).post(AgentPaths.tenantReplication(t.id().toString()),
                new RoleChange(RoleChange.ACTIVE, epoch + 1, to, failedOverAfter, ops, 0, order.reason()), ReplicationStatus.class);
        long promotedAtSeq = promoted.epochStartSeq() - 1;
        Instant promotedAt = clock.instant();
        progress.accept("Switching routing to " + to);
        Long lost = oldNextSeq == null ? null : Math.max(0, oldNextSeq - promotedAtSeq);
        boolean fenced = oldNextSeq != null;
        tx.executeWithoutResult(s -> {
            activation.activate(t.id(), epoch, to);
            if (ops.contains("WRITE") && !t.spec().failoverAllowedOperations().contains(com.companyos.base.FailoverOperation.WRITE)) {
                activation.confirmFailoverWrites(t.id());
                evidence.record(AuditEvent.by(order.requestedBy(), "tenant.failover-writes-confirmed", "tenant:" + t.slug())
                        .reason("DR drill " + order.drillId() + " (approved by " + order.approvedBy() + ")"));
            }
            events.finish(eventId, promotedAtSeq, "fenced=" + fenced + (lost == null ? "" : ", changes not on the promoted region: " + lost),
                    clock.instant());
            evidence.record(AuditEvent.by(order.requestedBy(), "tenant." + kindName(order), "tenant:" + t.slug())
                    .decision(decisionId).reason(order.reason())
                    .detail("from", from).detail("to", to).detail("epoch", epoch + 1).detail("promotedAtSeq", promotedAtSeq)
                    .detail("oldRegionFenced", fenced).detail("emergency", order.emergency())
                    .detail("reviewRequired", order.emergency()).detail("event", eventId.toString())
                    .detail("approvedBy", order.approvedBy()));
        });
        activation.publish(t.id());
        Instant routedAt = clock.instant();
        if (oldNextSeq != null) {
            makeStandby(t.id(), from, epoch + 1, to, failedOverAfter, ops, promotedAtSeq, order.reason());
        }
        progress.accept((order.kind() == FailoverKind.FAILOVER ? "Failed over" : "Failed back") + " to " + to + " (epoch " + (epoch + 1) + ")");
        return new FailoverTimeline(eventId, from, to, epoch + 1, promotedAtSeq, oldNextSeq != null, started, fencedAt, caughtUpAt,
                promotedAt, routedAt, decisionId);
    }

    /** Makes {@code region} the tenant's standby (the old active region), best effort: the reconciler retries. */
    boolean makeStandby(UUID tenantId, String region, long epoch, String active, boolean failedOver, String ops, long promotedAtSeq,
                        String reason) {
        try {
            client(tenantId, region, Duration.ofSeconds(3)).post(AgentPaths.tenantReplication(tenantId.toString()),
                    new RoleChange(RoleChange.STANDBY, epoch, active, failedOver, ops, promotedAtSeq, reason), ReplicationStatus.class);
            return true;
        } catch (RuntimeException e) {
            log.info("{} is not the standby of {} yet: {}", region, tenantId, AgentClient.describe(e));
            return false;
        }
    }

    private void awaitApplied(UUID tenantId, String region, long seq) {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        while (true) {
            ReplicationStatus s = client(tenantId, region, Duration.ofSeconds(3)).get(AgentPaths.tenantReplication(tenantId.toString()),
                    ReplicationStatus.class).orElseThrow(() -> new ExecutionRefusedException(region + " holds no standby of this tenant"));
            if (s.appliedSeq() >= seq) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ExecutionRefusedException(region + " applied seq " + s.appliedSeq() + " of " + seq + " within "
                        + CATCH_UP_TIMEOUT.toSeconds() + " s; the old region stays fenced — retry, or fail over unplanned");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExecutionRefusedException("Interrupted while waiting for " + region + " to catch up");
            }
        }
    }

    /** The agent that holds the tenant's data in {@code region}: its partition's, for a DCP tenant. */
    private AgentClient client(java.util.UUID tenantId, String region, Duration timeout) {
        return agents.forTenant(tenantId, RegionId.of(region), timeout);
    }

    private static String kindName(FailoverOrder order) {
        return order.kind() == FailoverKind.FAILOVER ? "failover" : "failback";
    }
}
