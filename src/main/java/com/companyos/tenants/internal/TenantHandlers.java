package com.companyos.tenants.internal;

import com.companyos.approvals.ApprovalHandler;
import com.companyos.approvals.ExecutionRefusedException;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.ValidationException;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.time.Clock;
import java.util.UUID;

/** What the tenants module executes once two-person control approves it. Each handler is idempotent. */
@Configuration(proxyBeanMethods = false)
class TenantHandlers {

    static final String CREATE = "tenant.create";
    static final String TEARDOWN = "tenant.teardown";
    static final String RELEASE_HOLD = "legal-hold.release";
    static final ObjectMapper JSON = new ObjectMapper();

    @Bean
    ApprovalHandler tenantCreateHandler(TenantValidator validator, TenantProvisioner provisioner) {
        return ApprovalHandler.of(CREATE, "Create tenant", request -> {
            JsonNode payload = read(request.payload());
            UUID tenantId = UUID.fromString(payload.path("tenantId").asText());
            TenantRequest tenantRequest = JSON.convertValue(payload.path("request"), TenantRequest.class);
            TenantValidator.Validated validated;
            try {
                // Policy may have changed since the request was approved: decide again.
                validated = validator.validate(tenantRequest);
            } catch (ValidationException e) {
                throw new ExecutionRefusedException("The approved tenant no longer passes validation: " + e.getMessage());
            }
            Tenant tenant = provisioner.provision(tenantId, validated, request.id(), request.requestedBy(), request.approvers());
            return "Tenant " + tenant.slug() + " created (" + tenant.id() + "); manifest sha256 " + tenant.manifestSha256();
        });
    }

    @Bean
    ApprovalHandler tenantTeardownHandler(TenantRepository tenants, TenantTeardown teardown) {
        return ApprovalHandler.of(TEARDOWN, "Tear down tenant", request -> {
            UUID tenantId = UUID.fromString(read(request.payload()).path("tenantId").asText());
            Tenant tenant = tenants.find(tenantId).orElseThrow(() -> new ExecutionRefusedException("Tenant " + tenantId + " does not exist"));
            return teardown.execute(tenant, request);
        });
    }

    @Bean
    ApprovalHandler legalHoldReleaseHandler(TenantRepository tenants, EvidenceRecorder evidence, TransactionTemplate tx, Clock clock) {
        return ApprovalHandler.of(RELEASE_HOLD, "Release legal hold", request -> {
            JsonNode payload = read(request.payload());
            UUID holdId = UUID.fromString(payload.path("holdId").asText());
            String slug = payload.path("slug").asText();
            Boolean released = tx.execute(status -> {
                boolean done = tenants.releaseHold(holdId, request.id(), clock.instant());
                if (done) {
                    evidence.record(AuditEvent.by(request.requestedBy(), "legal-hold.released", "tenant:" + slug)
                            .reason(request.reason()).detail("holdId", holdId.toString())
                            .detail("approvedBy", String.join(",", request.approvers())));
                }
                return done;
            });
            return Boolean.TRUE.equals(released) ? "Legal hold " + holdId + " on " + slug + " released"
                    : "Legal hold " + holdId + " was already released";
        });
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new ExecutionRefusedException("Unreadable request payload: " + e.getMessage());
        }
    }
}
