package com.companyos.tenants.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.NamespaceInfo;
import com.companyos.agentapi.control.NamespaceRemoval;
import com.companyos.approvals.ApprovalRequest;
import com.companyos.approvals.ApprovalSettings;
import com.companyos.approvals.ApprovalVote;
import com.companyos.approvals.ExecutionRefusedException;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.ArtifactType;
import com.companyos.base.Hashing;
import com.companyos.base.Json;
import com.companyos.base.RegionId;
import com.companyos.policy.EntityRef;
import com.companyos.policy.PolicyDecision;
import com.companyos.policy.PolicyQuery;
import com.companyos.policyadmin.PolicyService;
import com.companyos.regions.AgentClient;
import com.companyos.regions.RegionAgents;
import com.companyos.security.CustomerAccounts;
import com.companyos.tenants.LegalHold;
import com.companyos.tenants.TeardownPlan;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantResource;
import com.companyos.tenants.TenantToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Plans and executes a tenant's teardown. The plan asks the regions' agents what exists and what is under retention,
 * lists legal holds, and asks policy whether teardown may proceed; an agent that cannot be asked blocks the teardown
 * (retention unverified). Execution plans again first (a hold may have been placed after approval), removes the
 * tenant's namespaces region by region (idempotently), then records the teardown and a deletion certificate.
 */
@Component
public class TenantTeardown {

    private static final ObjectMapper JSON = Json.pretty();

    private final TenantRepository tenants;
    private final RegionAgents agents;
    private final PolicyService policy;
    private final ApprovalSettings approvals;
    private final EvidenceRecorder evidence;
    private final TransactionTemplate tx;
    private final TenantDirectorySync directory;
    private final Clock clock;
    private final CustomerAccounts customers;

    TenantTeardown(TenantRepository tenants, RegionAgents agents, PolicyService policy, ApprovalSettings approvals,
                   EvidenceRecorder evidence, TransactionTemplate tx, TenantDirectorySync directory, Clock clock,
                      CustomerAccounts customers) {
        this.directory = directory;
        this.tenants = tenants;
        this.agents = agents;
        this.policy = policy;
        this.approvals = approvals;
        this.evidence = evidence;
        this.tx = tx;
        this.clock = clock;
        this.customers = customers;
    }

    public TeardownPlan plan(Tenant tenant) {
        Instant now = clock.instant();
        List<TeardownPlan.Step> steps = new ArrayList<>();
        List<String> blockers = new ArrayList<>();
        steps.add(new TeardownPlan.Step("CONTROL_DB", "control-plane", "tenant-record", "tenant/" + tenant.id(),
                "marked torn down; kept for audit with its deletion certificate"));
        steps.add(new TeardownPlan.Step("CONTROL_DB", "control-plane", "roles", tenant.slug(), tenants.roles(tenant.id()).size() + " roles"));
        steps.add(new TeardownPlan.Step("CONTROL_DB", "control-plane", "policy-bindings", tenant.slug(),
                tenants.policyBindings(tenant.id()) + " binding(s)"));
        long activeTokens = tenants.tokens(tenant.id()).stream().filter(t -> t.revokedAt() == null).count();
        steps.add(new TeardownPlan.Step("CONTROL_DB", "control-plane", "tenant-api-tokens", tenant.slug(), activeTokens + " active (revoked)"));

        boolean verified = true;
        long underRetention = 0;
        java.time.LocalDate until = null;
        Optional<NamespaceInfo> primary = describe(tenant.spec().primaryRegion(), tenant.id());
        if (primary == null) {
            verified = false;
            blockers.add("the " + tenant.spec().primaryRegion() + " agent did not answer, so retention could not be verified");
        } else if (primary.isPresent()) {
            NamespaceInfo ns = primary.get();
            for (var r : ns.resources()) {
                String holds = switch (r.store()) {
                    case "REGIONAL_DB" -> ns.records() + " record(s)";
                    case "OBJECT_STORE" -> ns.objects() + " object(s), " + ns.objectBytes() + " bytes";
                    default -> "";
                };
                steps.add(new TeardownPlan.Step(r.store(), ns.region(), r.kind(), r.id(), holds));
            }
            underRetention = ns.recordsUnderRetention();
            until = ns.retentionRunsUntil();
            if (underRetention > 0) {
                blockers.add(underRetention + " record(s) are under retention until " + until);
            }
        }
        Optional<NamespaceInfo> replica = describe(tenant.spec().failoverRegion(), tenant.id());
        if (replica == null) {
            steps.add(new TeardownPlan.Step("REPLICA", tenant.spec().failoverRegion().value(), "standby", "unknown",
                    "agent did not answer; checked again at execution"));
        } else if (replica.isPresent()) {
            for (var r : replica.get().resources()) {
                steps.add(new TeardownPlan.Step("REPLICA", replica.get().region(), r.kind(), r.id(), replica.get().records() + " record(s)"));
            }
            // The standby holds copies of the primary's records, not more records: count the tenant's records once.
            underRetention = Math.max(underRetention, replica.get().recordsUnderRetention());
        } else {
            steps.add(new TeardownPlan.Step("REPLICA", tenant.spec().failoverRegion().value(), "standby", "none", "no replica exists"));
        }
        List<LegalHold> holds = tenants.holds(tenant.id(), tenant.slug()).stream().filter(h -> h.activeAt(now)).toList();
        for (LegalHold h : holds) {
            blockers.add("legal hold placed by " + h.placedBy() + " (" + h.reason() + ")" + (h.until() == null ? "" : " until " + h.until()));
        }
        PolicyDecision decision = policy.decide(tenant.spec().channel(), new PolicyQuery(EntityRef.of("ControlPlane", "console"),
                "teardownTenant", new EntityRef("Tenant", tenant.slug(), Map.of("zone", tenant.spec().zone().name(),
                        "residencyLocked", tenant.spec().residencyLocked())),
                Map.of("activeLegalHolds", (long) holds.size(), "recordsUnderRetention", underRetention, "retentionVerified", verified)));
        if (!decision.allowed() && blockers.isEmpty()) {
            blockers.add(decision.explanation());
        }
        return new TeardownPlan(tenant.id(), tenant.slug(), steps, underRetention, until, verified, holds,
                approvals.required("tenant.teardown"), !decision.allowed(), blockers, decision.decisionId(), decision.explanation());
    }

    /** Executes an approved teardown; idempotent. Returns the deletion certificate's summary. */
    public String execute(Tenant tenant, ApprovalRequest request) {
        if (!tenant.active()) {
            return "Tenant " + tenant.slug() + " was already torn down";
        }
        TeardownPlan plan = plan(tenant);
        if (plan.blocked()) {
            evidence.recordRefusal(AuditEvent.by(request.requestedBy(), "tenant.teardown-denied", "tenant:" + tenant.slug())
                    .decision(plan.decisionId()).reason(String.join("; ", plan.blockers())).detail("approvalRequest", request.id().toString()));
            throw new ExecutionRefusedException("Teardown of " + tenant.slug() + " is blocked at execution: "
                    + String.join("; ", plan.blockers()) + ". Nothing was deleted. [decision " + plan.decisionId() + "]");
        }
        List<Map<String, Object>> removed = new ArrayList<>();
        remove(tenant.spec().primaryRegion(), tenant.id(), removed);
        remove(tenant.spec().failoverRegion(), tenant.id(), removed);
        Instant now = clock.instant();
        // A Dedicated Compliance Partition goes with its tenant: pools, storage and signing key.
        for (String what : agents.releasePartition(tenant.id())) {
            removed.add(entry("DCP", "partition", "dcp-resource", what, now, null));
        }
        for (TenantResource r : tenant.resources()) {
            if ("CONTROL_DB".equals(r.store())) {
                removed.add(entry(r.store(), r.region(), r.kind(), r.id(), now, null));
            }
        }
        for (TenantToken t : tenants.tokens(tenant.id())) {
            if (t.revokedAt() == null) {
                removed.add(entry("CONTROL_DB", "control-plane", "tenant-api-token", t.prefix(), now, "revoked"));
            }
        }
        UUID certificateId = UUID.randomUUID();
        Map<String, Object> certificate = new LinkedHashMap<>();
        certificate.put("certificateId", certificateId.toString());
        certificate.put("kind", "TenantDeletionCertificate");
        certificate.put("classification", ArtifactType.DELETION_CERTIFICATE.classification());
        certificate.put("retention", ArtifactType.DELETION_CERTIFICATE.retention());
        certificate.put("tenant", Map.of("id", tenant.id().toString(), "slug", tenant.slug(), "name", tenant.spec().name(),
                "residencyZone", tenant.spec().zone().name()));
        certificate.put("removed", removed);
        certificate.put("approval", Map.of("requestId", request.id().toString(), "requestedBy", request.requestedBy(),
                "requestedAt", request.requestedAt().toString(), "reason", request.reason(),
                "approvals", request.votes().stream().filter(ApprovalVote::approve)
                        .map(v -> Map.of("by", v.voter(), "at", v.votedAt().toString(), "reason", v.reason())).toList()));
        certificate.put("policyDecision", plan.decisionId().toString());
        certificate.put("completedAt", now.toString());
        String body = json(certificate);
        String sha = Hashing.sha256Hex(body);
        tx.executeWithoutResult(status -> {
            if (tenants.markTornDown(tenant.id(), now)) {
                tenants.insertCertificate(certificateId, tenant.id(), tenant.slug(), now, request.id(), body, sha);
                customers.tenantTornDown(tenant.id(), tenant.slug());
                evidence.record(AuditEvent.by(request.requestedBy(), "tenant.torn-down", "tenant:" + tenant.slug())
                        .decision(plan.decisionId())
                        .detail("tenantId", tenant.id().toString())
                        .detail("deletionCertificate", certificateId.toString())
                        .detail("certificateSha256", sha)
                        .detail("approvedBy", String.join(",", request.approvers())));
            }
        });
        directory.withdraw(tenant.id());
        return "Tenant " + tenant.slug() + " torn down; " + removed.size() + " resources removed; deletion certificate "
                + certificateId + " (sha256 " + sha + ")";
    }

    private void remove(RegionId region, UUID tenantId, List<Map<String, Object>> removed) {
        NamespaceRemoval r = agents.forTenant(tenantId, region).delete(AgentPaths.namespace(tenantId.toString()), NamespaceRemoval.class);
        Instant now = clock.instant();
        for (var res : r.removed()) {
            String holds = switch (res.store()) {
                case "REGIONAL_DB" -> r.records() + " record(s)";
                case "OBJECT_STORE" -> r.objects() + " object(s)";
                default -> null;
            };
            removed.add(entry(res.store(), r.region(), res.kind(), res.id(), now, holds));
        }
    }

    /** The namespace in a region: present, absent (empty), or null when the agent could not be asked. */
    private Optional<NamespaceInfo> describe(RegionId region, UUID tenantId) {
        try {
            return agents.forTenant(tenantId, region).get(AgentPaths.namespace(tenantId.toString()), NamespaceInfo.class);
        } catch (AgentClient.AgentUnavailableException | AgentClient.AgentRefusedException e) {
            return null;
        }
    }

    private static Map<String, Object> entry(String store, String region, String kind, String id, Instant at, String holds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("store", store);
        m.put("region", region);
        m.put("kind", kind);
        m.put("id", id);
        m.put("removedAt", at.toString());
        if (holds != null) {
            m.put("held", holds);
        }
        return m;
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
