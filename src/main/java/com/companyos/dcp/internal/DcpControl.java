package com.companyos.dcp.internal;

import com.companyos.approvals.ApprovalHandler;
import com.companyos.approvals.ExecutionRefusedException;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Json;
import com.companyos.dcp.Dcp;
import com.companyos.dcp.DcpPlan;
import com.companyos.dcp.DcpService;
import com.companyos.dcp.DcpState;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.SpiffeId;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantActivation;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The DCP module's inside, for {@link DcpService} (which carries the authorization) and the approval handler: the
 * plan of a tenant, the records, the transitions. The plan is computed from the tenant and this deployment's settings
 * each time, so a request approved for one plan cannot execute another.
 */
@Component
public class DcpControl {

    private final DcpRepository repository;
    private final DcpEndpoints endpoints;
    private final Optional<DcpPools> pools;
    private final DcpRecords records;
    private final ControlPlaneKeys keys;
    private final TenantActivation tenants;
    private final EvidenceRecorder evidence;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int poolSize;
    private final DcpProvisioner provisioner;

    DcpControl(DcpRepository repository, DcpEndpoints endpoints, Optional<DcpPools> pools, DcpRecords records, ControlPlaneKeys keys,
               TenantActivation tenants, EvidenceRecorder evidence, TransactionTemplate tx, Clock clock,
               @Value("${companyos.dcp.pool-size:1}") int poolSize, DcpProvisioner provisioner) {
        this.repository = repository;
        this.endpoints = endpoints;
        this.pools = pools;
        this.records = records;
        this.keys = keys;
        this.tenants = tenants;
        this.evidence = evidence;
        this.tx = tx;
        this.clock = clock;
        this.poolSize = poolSize;
        this.provisioner = provisioner;
    }

    /** Exactly what a DCP for {@code t} provisions here now. */
    public DcpPlan plan(Tenant t) {
        return new DcpPlan(t.id().toString(), t.slug(), t.spec().zone().name(),
                List.of(t.spec().primaryRegion().value(), t.spec().failoverRegion().value()), poolSize,
                pools.map(DcpPools::storage).orElse("external"), "ed25519:" + SpiffeId.dcpSigning(t.slug()).uri(), "dcp", DcpPlan.PROFILE);
    }

    public Optional<Dcp> find(UUID tenantId) {
        return repository.find(tenantId);
    }

    public Optional<Dcp> findBySlug(String slug) {
        return repository.findBySlug(slug);
    }

    public List<Dcp> list() {
        return repository.list();
    }

    public long count(DcpState state) {
        return repository.count(state);
    }

    public void requested(UUID tenantId, DcpPlan plan, String requester, String reason, UUID approvalId) {
        repository.upsertRequest(tenantId, plan, requester, reason, approvalId, clock.instant());
    }

    public void resume(Dcp d, String reason) {
        tx.executeWithoutResult(s -> {
            if (repository.transition(d.tenantId(), DcpState.FAILED, DcpState.PROVISIONING, clock.instant())) {
                evidence.record(AuditEvent.of("dcp.resumed", "tenant:" + d.slug()).reason(reason));
            }
        });
        provisioner.kick();
    }

    public byte[] bundle(Dcp d) {
        return records.bundle(d.record(), keys.localCa().map(ca -> ca.certificate())
                .orElseGet(() -> keys.identity().trusted().get(0)));
    }

    /** The approval handler: checks the approved plan is still exactly the plan, then hands it to the provisioner. */
    @Bean
    static ApprovalHandler dcpProvisionHandler(DcpControl control) {
        return ApprovalHandler.of(DcpService.PROVISION, "Provision Dedicated Compliance Partition", control::execute);
    }

    String execute(com.companyos.approvals.ApprovalRequest request) {
        JsonNode payload;
        try {
            payload = Json.mapper().readTree(request.payload());
        } catch (IOException e) {
            throw new ExecutionRefusedException("Unreadable request payload: " + e.getMessage());
        }
        UUID tenantId = UUID.fromString(payload.path("tenantId").asText());
        String approvedSha = payload.path("planSha256").asText();
        Dcp d = repository.find(tenantId).orElseThrow(() -> new ExecutionRefusedException("No DCP request for tenant " + tenantId));
        if (d.state() == DcpState.PROVISIONING || d.state() == DcpState.ACTIVE) {
            return "The DCP of " + d.slug() + " is already " + d.state().label().toLowerCase(); // idempotent re-execution
        }
        Tenant t = tenants.get(tenantId);
        String now = plan(t).sha256();
        if (!approvedSha.equals(d.planSha256()) || !approvedSha.equals(now) || !request.id().equals(d.approvalRequestId())) {
            evidence.record(AuditEvent.by("system:dcp", "dcp.approval-void", "tenant:" + d.slug())
                    .detail("approvedPlanSha256", approvedSha).detail("currentPlanSha256", now)
                    .detail("approvalRequest", request.id().toString()));
            throw new ExecutionRefusedException("The DCP plan changed after it was approved (approved sha256 " + approvedSha
                    + ", now " + now + "): these approvals are void. Request the DCP again so that the new plan is approved.");
        }
        tx.executeWithoutResult(s -> {
            if (repository.transition(tenantId, DcpState.AWAITING_APPROVAL, DcpState.PROVISIONING, clock.instant())) {
                repository.approvedBy(tenantId, request.approvers());
                evidence.record(AuditEvent.by(request.requestedBy(), "dcp.approved", "tenant:" + d.slug())
                        .reason(request.reason()).detail("planSha256", approvedSha)
                        .detail("approvedBy", String.join(",", request.approvers()))
                        .detail("approvalRequest", request.id().toString()));
            }
        });
        endpoints.refresh();
        provisioner.kick();
        return "Provisioning the DCP of " + d.slug() + " (plan sha256 " + approvedSha + ")";
    }
}
