package com.companyos.dcp;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.NamespaceInfo;
import com.companyos.approvals.ApprovalRequest;
import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalSubmission;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Actor;
import com.companyos.base.ConflictException;
import com.companyos.base.Json;
import com.companyos.base.NotFoundException;
import com.companyos.base.RegionId;
import com.companyos.base.Roles;
import com.companyos.dcp.internal.DcpControl;
import com.companyos.regions.AgentClient;
import com.companyos.regions.RegionAgents;
import com.companyos.regions.RegionRegistry;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantActivation;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dedicated Compliance Partitions for people (console views, REST API, CLI): request one for a tenant (two compliance
 * officers other than the requester approve exactly the plan shown), watch it being provisioned, resume a failed
 * provisioning, download the co-signed DCP record. Authorization is here: operators and admins request and resume,
 * every staff role reads.
 */
@Service
public class DcpService {

    public static final String PROVISION = "dcp.provision";

    private final DcpControl control;
    private final TenantActivation tenants;
    private final RegionRegistry regions;
    private final RegionAgents agents;
    private final ApprovalService approvals;
    private final EvidenceRecorder evidence;
    private final TransactionTemplate tx;

    DcpService(DcpControl control, TenantActivation tenants, RegionRegistry regions, RegionAgents agents, ApprovalService approvals,
               EvidenceRecorder evidence, TransactionTemplate tx) {
        this.control = control;
        this.tenants = tenants;
        this.regions = regions;
        this.agents = agents;
        this.approvals = approvals;
        this.evidence = evidence;
        this.tx = tx;
    }

    /**
     * Requests a DCP for an existing tenant: checks it can have one (residency zone with an in-zone failover region,
     * no DCP yet), files the approval request bound to the plan's sha256 and records the DCP as awaiting approval.
     * Idempotent: the same request again returns the open one.
     */
    @PreAuthorize(Roles.OPERATORS)
    public Dcp request(String slug, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A reason is required: say why this tenant needs a Dedicated Compliance Partition");
        }
        Tenant t = tenants.active(slug);
        if (t.synthetic()) {
            throw new IllegalArgumentException("Tenant " + slug + " is a synthetic probe tenant; it cannot have a DCP");
        }
        Optional<Dcp> existing = control.find(t.id());
        if (existing.isPresent() && existing.get().state() != DcpState.FAILED && existing.get().state() != DcpState.DELETED
                && existing.get().state() != DcpState.AWAITING_APPROVAL) {
            throw new ConflictException("Tenant " + slug + " already has a DCP (" + existing.get().state().label().toLowerCase() + ")");
        }
        RegionId failover = t.spec().failoverRegion();
        if (regions.get(failover).zone() != t.spec().zone()) {
            throw new IllegalArgumentException("A DCP fails over only inside its zone: tenant " + slug + "'s failover region " + failover
                    + " is in " + regions.get(failover).zone() + ", not " + t.spec().zone() + ". Change the failover region first.");
        }
        long records = sharedRecords(t);
        if (records > 0) {
            throw new ConflictException("Tenant " + slug + " holds " + records + " governed record(s) in the shared "
                    + t.activeRegion() + " agent; moving existing records into a DCP is not available in this version");
        }
        DcpPlan plan = control.plan(t);
        if (existing.isPresent() && existing.get().state() == DcpState.AWAITING_APPROVAL && existing.get().planSha256().equals(plan.sha256())) {
            return existing.get();
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("tenantId", t.id().toString());
        payload.put("planSha256", plan.sha256());
        payload.put("plan", plan.fields());
        String preview = "Provision a Dedicated Compliance Partition for " + slug + ": " + plan.poolSize() + " dedicated agent process(es) in "
                + String.join(" and ", plan.regions()) + " (standby), " + plan.storage() + " storage of its own, its own signing key ("
                + plan.signingKey() + "), policy channel " + plan.channel() + ", " + plan.profile() + ". Plan sha256 " + plan.sha256() + ".";
        return tx.execute(status -> {
            ApprovalRequest approval = approvals.submit(new ApprovalSubmission(PROVISION, "dcp:" + slug, Json.write(payload), preview, reason));
            control.requested(t.id(), plan, Actor.current(), reason.trim(), approval.id());
            evidence.record(AuditEvent.of("dcp.requested", "tenant:" + slug).reason(reason.trim())
                    .detail("planSha256", plan.sha256()).detail("approvalRequest", approval.id().toString()));
            return control.find(t.id()).orElseThrow();
        });
    }

    private long sharedRecords(Tenant t) {
        try {
            return agents.client(RegionId.of(t.activeRegion())).get(AgentPaths.namespace(t.id().toString()), NamespaceInfo.class)
                    .map(NamespaceInfo::records).orElse(0L);
        } catch (AgentClient.AgentUnavailableException e) {
            throw new ConflictException("The " + t.activeRegion() + " agent cannot be reached to check the tenant's records: " + e.getMessage());
        }
    }

    @PreAuthorize(Roles.ANY_STAFF)
    public Optional<Dcp> find(String slug) {
        return control.findBySlug(slug);
    }

    /** The DCP of a tenant, or 404. */
    @PreAuthorize(Roles.ANY_STAFF)
    public Dcp get(String slug) {
        return control.findBySlug(slug).orElseThrow(() -> new NotFoundException("Tenant " + slug + " has no Dedicated Compliance Partition"));
    }

    @PreAuthorize(Roles.ANY_STAFF)
    public List<Dcp> list() {
        return control.list();
    }

    /** How many DCPs are active (for the executive overview). */
    @PreAuthorize(Roles.ANY_STAFF)
    public long activeCount() {
        return control.count(DcpState.ACTIVE);
    }

    /** Resumes a failed provisioning from the step that failed (every step is idempotent). */
    @PreAuthorize(Roles.OPERATORS)
    public Dcp resume(String slug, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A reason is required to resume a DCP's provisioning");
        }
        Dcp d = get(slug);
        if (d.state() != DcpState.FAILED || d.approvedBy().isEmpty()) {
            throw new ConflictException("Only an approved DCP whose provisioning failed can be resumed; this one is " + d.state().label().toLowerCase());
        }
        control.resume(d, reason.trim());
        return get(slug);
    }

    /** The co-signed DCP record and what verifies it offline (zip: envelope, statement, signatures, VERIFY.md). */
    @PreAuthorize(Roles.ANY_STAFF)
    public byte[] recordBundle(String slug) {
        Dcp d = get(slug);
        if (d.record() == null) {
            throw new ConflictException("The DCP of " + slug + " has no record yet: it is signed when provisioning completes");
        }
        return control.bundle(d);
    }
}
