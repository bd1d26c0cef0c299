package com.companyos.support;

import com.companyos.approvals.ApprovalRequest;
import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalStatus;
import com.companyos.audit.AuditEntry;
import com.companyos.audit.AuditQuery;
import com.companyos.audit.AuditService;
import com.companyos.base.Role;
import com.companyos.tenants.Contact;
import com.companyos.tenants.CreateOutcome;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantRequest;
import com.companyos.tenants.TenantService;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Tenants, approvals and audit lookups for integration tests, through the real services. */
public final class TestTenants {

    private TestTenants() {
    }

    public static String slug(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static TenantRequest request(String slug, boolean locked, String primary, String failover, String reason) {
        return request(slug, locked, primary, failover, reason, primary.startsWith("us") ? "US" : "EU");
    }

    public static TenantRequest request(String slug, boolean locked, String primary, String failover, String reason, String zone) {
        return new TenantRequest("Tenant " + slug, slug, List.of(new Contact("Dana Privacy", "dana@" + slug + ".example", "DPO")),
                zone, locked, primary, failover, List.of("READ"), "pii", "7-years", false, reason);
    }

    /** Creates a tenant that needs no approval (not residency-locked, not DCP). */
    public static Tenant createUnlocked(TenantService tenants, TenantRequest request) {
        CreateOutcome created = As.operator(() -> tenants.create(request));
        assertThat(created.status()).isEqualTo(CreateOutcome.Status.CREATED);
        return As.operator(() -> tenants.get(request.slug()));
    }

    /** Creates a residency-locked tenant: submitted, approved by two compliance officers, executed. */
    public static Tenant createLocked(TenantService tenants, ApprovalService approvals, TenantRequest request) {
        CreateOutcome submitted = As.operator(() -> tenants.create(request));
        assertThat(submitted.status()).isEqualTo(CreateOutcome.Status.PENDING_APPROVAL);
        approveTwice(approvals, submitted.approvalRequestId());
        assertThat(awaitFinal(approvals, submitted.approvalRequestId()).status()).isEqualTo(ApprovalStatus.EXECUTED);
        return As.operator(() -> tenants.get(request.slug()));
    }

    public static void approveTwice(ApprovalService approvals, UUID request) {
        As.officer("compliance1", () -> approvals.approve(request, "checked"));
        As.officer("compliance2", () -> approvals.approve(request, "agreed"));
    }

    public static ApprovalRequest awaitFinal(ApprovalService approvals, UUID request) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            ApprovalRequest r = As.operator(() -> approvals.find(request)).orElseThrow();
            if (r.status() == ApprovalStatus.EXECUTED || r.status() == ApprovalStatus.FAILED) {
                return r;
            }
            ConsoleIT.sleep(200);
        }
        throw new AssertionError("Request " + request + " did not finish executing");
    }

    public static List<AuditEntry> entries(AuditService audit, String action, String target) {
        return As.user("auditor", Role.PLATFORM_ADMIN, () -> audit.search(new AuditQuery(null, action, target, null, null), 0, 50))
                .stream().filter(e -> e.action().equals(action) && (target == null || target.equals(e.target()))).toList();
    }
}
