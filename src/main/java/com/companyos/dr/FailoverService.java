package com.companyos.dr;

import com.companyos.approvals.ApprovalRequest;
import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalSubmission;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.CurrentUser;
import com.companyos.base.NotFoundException;
import com.companyos.base.Roles;
import com.companyos.base.ValidationException;
import com.companyos.dr.internal.FailoverExecutor;
import com.companyos.dr.internal.FailoverOrder;
import com.companyos.dr.internal.FailoverRepository;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantActivation;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Failover and failback of a tenant. A request goes to two-person control ({@code tenant.failover} /
 * {@code tenant.failback}); an operator may instead declare an emergency, which executes at once, is audited as such
 * and stays flagged until a compliance officer reviews it.
 */
@Service
public class FailoverService {

    public static final String FAILOVER = "tenant.failover";
    public static final String FAILBACK = "tenant.failback";
    private static final ObjectMapper JSON = com.companyos.base.Json.mapper();

    /** Either the approval request that was opened, or (emergency) what the failover did. */
    public record Outcome(ApprovalRequest request, FailoverTimeline timeline) {
    }

    private final TenantActivation tenants;
    private final ApprovalService approvals;
    private final FailoverExecutor executor;
    private final FailoverRepository events;
    private final EvidenceRecorder evidence;
    private final TransactionTemplate tx;
    private final Clock clock;

    FailoverService(TenantActivation tenants, ApprovalService approvals, FailoverExecutor executor, FailoverRepository events,
                    EvidenceRecorder evidence, TransactionTemplate tx, Clock clock) {
        this.tenants = tenants;
        this.approvals = approvals;
        this.executor = executor;
        this.events = events;
        this.evidence = evidence;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Asks to move {@code slug} to its other region. {@code planned}: the active region is up and hands over without
     * loss; otherwise it is presumed down. {@code emergency}: execute now without approvals (audited, flagged).
     */
    @PreAuthorize(Roles.OPERATORS)
    public Outcome request(String slug, FailoverKind kind, boolean planned, boolean emergency, String reason) {
        if (reason == null || reason.isBlank()) {
            throw invalid("A reason is required");
        }
        Tenant t = tenant(slug);
        if (kind == FailoverKind.FAILBACK && !t.failedOver()) {
            throw invalid(slug + " runs on its primary region " + t.activeRegion() + "; there is nothing to fail back");
        }
        if (kind == FailoverKind.FAILOVER && t.failedOver()) {
            throw invalid(slug + " already runs on its failover region " + t.activeRegion() + "; fail back instead");
        }
        String me = CurrentUser.require().username();
        if (emergency) {
            evidence.record(AuditEvent.by(me, "tenant." + kind.name().toLowerCase() + "-emergency", "tenant:" + slug).reason(reason)
                    .detail("reviewRequired", true).detail("planned", planned));
            return new Outcome(null, executor.execute(new FailoverOrder(t.id(), kind, planned, true, reason, me, null, null, null),
                    p -> { }));
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("tenantId", t.id().toString());
        payload.put("kind", kind.name());
        payload.put("planned", planned);
        payload.put("epoch", t.epoch());
        String preview = (kind == FailoverKind.FAILOVER ? "Fail over " : "Fail back ") + slug + " from " + t.activeRegion() + " to "
                + t.standbyRegion() + (planned ? " (planned: " + t.activeRegion() + " is fenced, " + t.standbyRegion()
                + " catches up, then takes over — no data loss)" : " (unplanned: " + t.activeRegion() + " is presumed down; changes it "
                + "had not shipped are lost to the tenant's active data and quarantined there for reconciliation)")
                + ". Epoch " + t.epoch() + " → " + (t.epoch() + 1) + ".";
        try {
            return new Outcome(approvals.submit(new ApprovalSubmission(kind == FailoverKind.FAILOVER ? FAILOVER : FAILBACK, "tenant:" + slug,
                    JSON.writeValueAsString(payload), preview, reason)), null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @PreAuthorize(Roles.ANY_STAFF)
    public List<FailoverEvent> events(String slug, int limit) {
        return events.recent(slug == null ? null : tenant(slug).id(), limit);
    }

    /** A compliance officer reviews an emergency failover (it stays flagged until then). */
    @PreAuthorize(Roles.AUDITORS)
    public void review(UUID eventId, String note) {
        if (note == null || note.isBlank()) {
            throw invalid("A review note is required");
        }
        String me = CurrentUser.require().username();
        FailoverEvent e = events.find(eventId).orElseThrow(() -> new NotFoundException("No failover " + eventId));
        if (me.equals(e.requestedBy())) {
            throw invalid("The operator who declared the emergency cannot review it");
        }
        tx.executeWithoutResult(s -> {
            if (!reviewed(eventId, me)) {
                throw invalid("This failover needs no review or was reviewed already");
            }
            evidence.record(AuditEvent.by(me, "tenant.failover-reviewed", "tenant:" + e.tenantSlug()).reason(note)
                    .detail("event", eventId.toString()));
        });
    }

    /**
     * A compliance officer confirms writes for a tenant running on its failover region with read-only failover
     * operations ("read-only until a compliance officer confirms"). Audited; cleared by the next move.
     */
    @PreAuthorize(Roles.AUDITORS)
    public Tenant confirmFailoverWrites(String slug, String reason) {
        if (reason == null || reason.isBlank()) {
            throw invalid("A reason is required");
        }
        Tenant t = tenant(slug);
        if (!t.failedOver()) {
            throw invalid(slug + " runs on its primary region; there is nothing to confirm");
        }
        Tenant changed = tx.execute(s -> {
            Tenant c = tenants.confirmFailoverWrites(t.id());
            evidence.record(AuditEvent.by(CurrentUser.require().username(), "tenant.failover-writes-confirmed", "tenant:" + slug)
                    .reason(reason).detail("region", t.activeRegion()).detail("epoch", t.epoch()));
            return c;
        });
        tenants.publish(t.id());
        return changed;
    }

    /** Switches a tenant between asynchronous and synchronous replication (audited). */
    @PreAuthorize(Roles.OPERATORS)
    public Tenant replicationMode(String slug, String mode, String reason) {
        if (reason == null || reason.isBlank()) {
            throw invalid("A reason is required");
        }
        Tenant t = tenant(slug);
        Tenant changed = tx.execute(s -> {
            Tenant c = tenants.replicationMode(t.id(), mode);
            evidence.record(AuditEvent.by(CurrentUser.require().username(), "tenant.replication-mode", "tenant:" + slug).reason(reason)
                    .detail("from", t.replicationMode()).detail("to", mode));
            return c;
        });
        tenants.publish(t.id());
        return changed;
    }

    private static ValidationException invalid(String message) {
        return new ValidationException(List.of(ValidationException.Problem.of("request", message)));
    }

    private boolean reviewed(UUID id, String by) {
        return events.review(id, by, clock.instant());
    }

    private Tenant tenant(String slug) {
        return tenants.active(slug);
    }
}
