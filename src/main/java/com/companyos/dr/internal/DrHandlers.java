package com.companyos.dr.internal;

import com.companyos.approvals.ApprovalHandler;
import com.companyos.approvals.ApprovalRequest;
import com.companyos.approvals.ExecutionRefusedException;
import com.companyos.dr.FailoverKind;
import com.companyos.dr.FailoverService;
import com.companyos.dr.FailoverTimeline;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantActivation;
import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.UUID;

/**
 * Approved failovers and failbacks. Idempotent by epoch: the request carries the epoch it was made under; if the
 * tenant has already moved past it (a second execution after a crash), nothing is done again.
 */
@Configuration(proxyBeanMethods = false)
class DrHandlers {

    @Bean
    ApprovalHandler failoverHandler(FailoverExecutor executor, TenantActivation tenants) {
        return ApprovalHandler.of(FailoverService.FAILOVER, "Fail over tenant", r -> run(executor, tenants, r, FailoverKind.FAILOVER));
    }

    @Bean
    ApprovalHandler failbackHandler(FailoverExecutor executor, TenantActivation tenants) {
        return ApprovalHandler.of(FailoverService.FAILBACK, "Fail back tenant", r -> run(executor, tenants, r, FailoverKind.FAILBACK));
    }

    private static String run(FailoverExecutor executor, TenantActivation tenants, ApprovalRequest r, FailoverKind kind) {
        JsonNode p;
        try {
            p = com.companyos.base.Json.mapper().readTree(r.payload());
        } catch (java.io.IOException e) {
            throw new ExecutionRefusedException("Unreadable request payload");
        }
        UUID tenantId = UUID.fromString(p.path("tenantId").asText());
        long epoch = p.path("epoch").asLong();
        Tenant t = tenants.get(tenantId);
        if (t.epoch() > epoch) {
            return "Tenant " + t.slug() + " already moved (epoch " + t.epoch() + ", requested under " + epoch + "); nothing done again";
        }
        FailoverTimeline done = executor.execute(new FailoverOrder(tenantId, kind, p.path("planned").asBoolean(), false,
                r.reason(), r.requestedBy(), r.id(), String.join(",", r.approvers()), null), s -> { });
        return t.slug() + ": " + done.fromRegion() + " → " + done.toRegion() + " under epoch " + done.epoch() + " (promoted at seq "
                + done.promotedAtSeq() + (done.oldFenced() ? ", old region fenced" : ", old region unreachable: fenced by epoch") + ")";
    }
}
