package com.companyos.dr;

import com.companyos.approvals.ApprovalRequest;
import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalSubmission;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.CurrentUser;
import com.companyos.base.Ids;
import com.companyos.base.Roles;
import com.companyos.base.ValidationException;
import com.companyos.dr.internal.DrillRepository;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantActivation;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * DR drills: an operator asks for one (it kills a region's agent for real, so it goes through two-person control);
 * once approved it runs in the background with live progress, and ends with a signed report (JSON in a DSSE envelope).
 */
@Service
public class DrillService {

    public static final String DRILL = "dr.drill";
    /** Defaults: asynchronous replication may lose up to a second; service is back within ten seconds. */
    public static final double DEFAULT_RPO_SECONDS = 1.0;
    public static final double DEFAULT_RTO_SECONDS = 10.0;

    private final TenantActivation tenants;
    private final ApprovalService approvals;
    private final DrillRepository drills;
    private final EvidenceRecorder evidence;
    private final TransactionTemplate tx;
    private final Clock clock;

    DrillService(TenantActivation tenants, ApprovalService approvals, DrillRepository drills, EvidenceRecorder evidence,
                 TransactionTemplate tx, Clock clock) {
        this.tenants = tenants;
        this.approvals = approvals;
        this.drills = drills;
        this.evidence = evidence;
        this.tx = tx;
        this.clock = clock;
    }

    /** Asks for a drill of {@code slug}; returns the drill (waiting for approval) and the approval request. */
    @PreAuthorize(Roles.OPERATORS)
    public Drill request(String slug, boolean failBack, String reason) {
        if (reason == null || reason.isBlank()) {
            throw invalid("A reason is required");
        }
        Tenant t = tenants.active(slug);
        if (t.failedOver()) {
            throw invalid(slug + " runs on its failover region; fail back before drilling");
        }
        String me = CurrentUser.require().username();
        UUID id = Ids.timeOrdered(clock);
        tx.executeWithoutResult(s -> {
            drills.insert(id, t.id(), "PENDING_APPROVAL", me, null, failBack, DEFAULT_RPO_SECONDS, DEFAULT_RTO_SECONDS, t.activeRegion(),
                    t.standbyRegion(), clock.instant());
            evidence.record(AuditEvent.by(me, "dr.drill-requested", "tenant:" + slug).reason(reason).detail("drill", id.toString())
                    .detail("primary", t.activeRegion()).detail("standby", t.standbyRegion()).detail("failBack", failBack));
        });
        String payload = com.companyos.pki.CanonicalJson.write(Map.of("drillId", id.toString(), "tenantId", t.id().toString()));
        ApprovalRequest request = approvals.submit(new ApprovalSubmission(DRILL, "tenant:" + slug, payload,
                "DR drill of " + slug + ": writes a synthetic stream, KILLS the " + t.activeRegion() + " agent (every tenant served there "
                        + "is affected), fails " + slug + " over to " + t.standbyRegion() + ", measures RPO/RTO"
                        + (failBack ? ", then fails back once " + t.activeRegion() + " has caught up." : ", and leaves it failed over."),
                reason));
        drills.approval(id, request.id());
        return drills.find(id).orElseThrow();
    }

    @PreAuthorize(Roles.ANY_STAFF)
    public List<Drill> recent(String slug, int limit) {
        UUID tenant = slug == null ? null : tenants.active(slug).id();
        return drills.recent(tenant, limit);
    }

    /** The most recently finished drill of any tenant. */
    @PreAuthorize(Roles.ANY_STAFF)
    public Optional<Drill> lastFinished() {
        return drills.lastFinished();
    }

    @PreAuthorize(Roles.ANY_STAFF)
    public Optional<Drill> find(UUID id) {
        return drills.find(id);
    }

    /** The signed report's DSSE envelope (in-toto Statement with the report as predicate). */
    @PreAuthorize(Roles.ANY_STAFF)
    public Optional<String> signedReport(UUID id) {
        return drills.reportDsse(id);
    }

    @PreAuthorize(Roles.ANY_STAFF)
    public Optional<String> reportJson(UUID id) {
        return drills.reportJson(id);
    }

    @PreAuthorize(Roles.ANY_STAFF)
    public Optional<byte[]> reportPdf(UUID id) {
        return drills.reportPdf(id);
    }

    private static ValidationException invalid(String message) {
        return new ValidationException(List.of(ValidationException.Problem.of("request", message)));
    }
}
