package com.companyos.tenants;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.NamespaceInfo;
import com.companyos.approvals.ApprovalRequest;
import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalStatus;
import com.companyos.audit.AuditEntry;
import com.companyos.audit.AuditQuery;
import com.companyos.audit.AuditService;
import com.companyos.base.ConflictException;
import com.companyos.base.Role;
import com.companyos.base.ValidationException;
import com.companyos.regions.RegionAgents;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.TestTenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Provision → operate (a record written through the region's agent) → teardown, on the real stack, and every deny path:
 * legal hold, retention, self-approval, an expired request, and a residency-locked tenant with an out-of-zone failover.
 */
class TenantLifecycleIT extends ConsoleIT {

    @Autowired
    TenantService tenants;
    @Autowired
    ApprovalService approvals;
    @Autowired
    AuditService audit;
    @Autowired
    RegionAgents agents;

    @BeforeEach
    void agentsUp() {
        awaitAllRegionsHealthy();
    }

    @Test
    void provision_operate_and_tear_down_a_residency_locked_tenant() throws Exception {
        String slug = slug("happy");
        CreateOutcome submitted = As.operator(() -> tenants.create(request(slug, true, "eu-west", "eu-central", "onboarding")));
        assertThat(submitted.status()).isEqualTo(CreateOutcome.Status.PENDING_APPROVAL);
        approveTwice(submitted.approvalRequestId());
        ApprovalRequest executed = awaitFinal(submitted.approvalRequestId());
        assertThat(executed.status()).as(executed.executionError()).isEqualTo(ApprovalStatus.EXECUTED);

        Tenant tenant = As.operator(() -> tenants.get(slug));
        assertThat(tenant.active()).isTrue();
        assertThat(tenant.resources()).extracting(TenantResource::store)
                .contains("CONTROL_DB", "REGIONAL_DB", "SEARCH_INDEX", "OBJECT_STORE");
        NamespaceInfo ns = agents.client(EU_WEST).get(AgentPaths.namespace(tenant.id().toString()), NamespaceInfo.class).orElseThrow();
        assertThat(ns.exists()).isTrue();

        // Operate: the tenant's application writes a record through the eu-west agent's data API.
        IssuedToken token = As.operator(() -> tenants.issueToken(slug, "billing-app"));
        DataApi app = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), slug, token.token());
        HttpResponse<String> put = app.put("invoice-1", "{\"classification\":\"pii\",\"retentionPolicy\":\"none\",\"data\":\"Hello EU\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).contains("\"region\":\"eu-west\"").contains("\"classification\":\"pii\"");
        assertThat(app.get("invoice-1").body()).contains("Hello EU");

        TeardownPlan plan = As.operator(() -> tenants.teardownPlan(slug));
        assertThat(plan.blocked()).as(plan.describe()).isFalse();
        assertThat(plan.removals()).extracting(TeardownPlan.Step::store)
                .contains("CONTROL_DB", "REGIONAL_DB", "SEARCH_INDEX", "OBJECT_STORE", "REPLICA");
        assertThat(plan.describe()).contains("1 record(s)").contains("Approvals needed: 2");

        UUID teardown = As.operator(() -> tenants.requestTeardown(slug, "contract ended"));
        approveTwice(teardown);
        assertThat(awaitFinal(teardown).status()).isEqualTo(ApprovalStatus.EXECUTED);

        Tenant gone = As.operator(() -> tenants.get(slug));
        assertThat(gone.active()).isFalse();
        assertThat(agents.client(EU_WEST).get(AgentPaths.namespace(tenant.id().toString()), NamespaceInfo.class)).isEmpty();
        assertThat(app.get("invoice-1").statusCode()).isEqualTo(401); // the region no longer knows the tenant, nor its token
        String certificate = As.operator(() -> tenants.deletionCertificate(slug)).orElseThrow();
        assertThat(certificate).contains("TenantDeletionCertificate").contains("REGIONAL_DB").contains("compliance1")
                .contains("compliance2").contains("contract ended");
        assertThat(entries("tenant.torn-down", "tenant:" + slug)).singleElement()
                .satisfies(e -> assertThat(e.decisionId()).isNotNull());
    }

    @Test
    void a_legal_hold_blocks_teardown_with_a_recorded_decision_and_nothing_is_deleted() throws Exception {
        String slug = slug("hold");
        Tenant tenant = createUnlocked(slug);
        LegalHold hold = As.officer("compliance1", () -> tenants.placeLegalHold(slug, "Case 2026-CV-118", null));

        TeardownPlan plan = As.operator(() -> tenants.teardownPlan(slug));
        assertThat(plan.blocked()).isTrue();
        assertThat(plan.activeLegalHolds()).extracting(LegalHold::placedBy).containsExactly("compliance1");
        assertThat(plan.describe()).contains("Case 2026-CV-118").contains("BLOCKED");
        assertThatThrownBy(() -> As.operator(() -> tenants.requestTeardown(slug, "customer left")))
                .isInstanceOf(TeardownBlockedException.class)
                .hasMessageContaining("legal hold placed by compliance1")
                .hasMessageContaining("Nothing was deleted");
        assertThat(entries("tenant.teardown-denied", "tenant:" + slug)).singleElement()
                .satisfies(e -> assertThat(e.decisionId()).isNotNull());
        assertThat(agents.client(EU_WEST).get(AgentPaths.namespace(tenant.id().toString()), NamespaceInfo.class)).isPresent();

        // The hold's release needs two other compliance officers; then the teardown can be requested.
        UUID release = As.officer("compliance1", () -> tenants.requestLegalHoldRelease(hold.id(), "case settled"));
        assertThatThrownBy(() -> As.officer("compliance1", () -> approvals.approve(release, "I placed it")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("You requested this change");
        As.officer("compliance2", () -> approvals.approve(release, "settlement on file"));
        As.officer("compliance3", () -> approvals.approve(release, "confirmed with legal"));
        assertThat(awaitFinal(release).status()).isEqualTo(ApprovalStatus.EXECUTED);
        assertThat(As.operator(() -> tenants.teardownPlan(slug)).blocked()).isFalse();
    }

    @Test
    void records_under_retention_block_teardown() throws Exception {
        String slug = slug("retained");
        createUnlocked(slug);
        IssuedToken token = As.operator(() -> tenants.issueToken(slug, "ledger"));
        DataApi app = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), slug, token.token());
        assertThat(app.put("ledger-2026", "{\"classification\":\"restricted\",\"retentionPolicy\":\"7-years\",\"data\":\"x\"}").statusCode()).isEqualTo(200);

        TeardownPlan plan = As.operator(() -> tenants.teardownPlan(slug));
        assertThat(plan.blocked()).isTrue();
        assertThat(plan.recordsUnderRetention()).isEqualTo(1);
        assertThat(plan.retentionRunsUntil()).isAfter(java.time.LocalDate.now().plusYears(6));
        assertThat(plan.decision()).contains("retention-blocks-teardown");
        assertThatThrownBy(() -> As.operator(() -> tenants.requestTeardown(slug, "cleanup")))
                .isInstanceOf(TeardownBlockedException.class).hasMessageContaining("under retention until");
        // The agent refuses on its own, too, and the record stays.
        assertThat(app.delete("ledger-2026").statusCode()).isEqualTo(409);
        assertThat(app.get("ledger-2026").statusCode()).isEqualTo(200);
    }

    @Test
    void the_requester_can_never_approve_their_own_request_and_the_refusal_is_audited() {
        String slug = slug("self");
        CreateOutcome pending = As.user("clara-requests", Role.OPERATOR, () -> tenants.create(request(slug, true, "eu-west", "eu-central", "new")));
        assertThatThrownBy(() -> As.user("clara-requests", Role.COMPLIANCE_OFFICER, () -> approvals.approve(pending.approvalRequestId(), "mine")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("You requested this change");
        assertThat(audit(() -> audit.search(new AuditQuery("clara-requests", "approval.vote-refused", null, null, null), 0, 10))).isNotEmpty();
        assertThat(As.operator(() -> approvals.find(pending.approvalRequestId())).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
    }

    @Test
    void an_expired_request_cannot_be_approved_and_creates_nothing() {
        String slug = slug("late");
        CreateOutcome pending = As.operator(() -> tenants.create(request(slug, true, "eu-west", "eu-central", "new")));
        clock.advance(Duration.ofHours(73)); // past the 72-hour expiry
        try {
            assertThatThrownBy(() -> As.officer("compliance1", () -> approvals.approve(pending.approvalRequestId(), "ok")))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("expired");
        } finally {
            clock.reset();
        }
        assertThat(As.operator(() -> approvals.find(pending.approvalRequestId())).orElseThrow().status()).isEqualTo(ApprovalStatus.EXPIRED);
        assertThat(As.operator(() -> tenants.list()).stream().map(Tenant::slug)).doesNotContain(slug);
        assertThat(entries("approval.expired", "approval:" + pending.approvalRequestId())).hasSize(1);
    }

    @Test
    void a_residency_locked_us_tenant_with_an_eu_failover_is_denied_by_policy_with_the_reason_and_no_other_region_is_picked() {
        String slug = slug("wrongzone");
        assertThatThrownBy(() -> As.operator(() -> tenants.create(request(slug, true, "us-east", "eu-west", "new", "US"))))
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> {
                    ValidationException.Problem p = ((ValidationException) e).problems().get(0);
                    assertThat(p.field()).isEqualTo("failoverRegion");
                    assertThat(p.decisionId()).isNotNull();
                    assertThat(p.message()).contains("residency-locked-placement")
                            .contains("No standby is possible inside zone US: its only region is us-east");
                });
        assertThat(entries("tenant.create-denied", "tenant:" + slug)).singleElement()
                .satisfies(e -> assertThat(e.decisionId()).isNotNull());
        assertThat(As.operator(() -> tenants.list()).stream().map(Tenant::slug)).doesNotContain(slug);
    }

    @Test
    void the_data_api_rejects_records_without_classification_or_retention_and_unknown_tokens() throws Exception {
        String slug = slug("tags");
        createUnlocked(slug);
        IssuedToken token = As.operator(() -> tenants.issueToken(slug, "app"));
        DataApi app = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), slug, token.token());
        HttpResponse<String> noClass = app.put("a", "{\"retentionPolicy\":\"none\",\"data\":\"x\"}");
        assertThat(noClass.statusCode()).isEqualTo(400);
        assertThat(noClass.body()).contains("classification is required");
        HttpResponse<String> noRetention = app.put("a", "{\"classification\":\"public\",\"data\":\"x\"}");
        assertThat(noRetention.statusCode()).isEqualTo(400);
        assertThat(noRetention.body()).contains("retention is required");
        assertThat(app.put("a", "{\"classification\":\"secret\",\"retentionPolicy\":\"none\",\"data\":\"x\"}").body())
                .contains("is not one of public, internal, restricted, pii");
        assertThat(new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), slug, "cot_forged").get("a").statusCode()).isEqualTo(401);
        assertThat(new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), slug, null).get("a").statusCode()).isEqualTo(401);
        assertThat(app.raw("/agent/v1/health").statusCode()).isEqualTo(404); // the control API is not on the data port
    }

    @Test
    void a_records_retention_only_ever_grows() throws Exception {
        String slug = slug("keep");
        createUnlocked(slug);
        IssuedToken token = As.operator(() -> tenants.issueToken(slug, "app"));
        DataApi app = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), slug, token.token());
        assertThat(app.put("r", "{\"classification\":\"internal\",\"retentionUntil\":\"2031-01-31\",\"data\":\"v1\"}").statusCode())
                .isEqualTo(200);
        HttpResponse<String> shorter = app.put("r", "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"v2\"}");
        assertThat(shorter.statusCode()).as(shorter.body()).isEqualTo(200);
        assertThat(shorter.body()).contains("2031-01-31");
        assertThat(app.get("r").body()).contains("2031-01-31").contains("v2");
        assertThat(app.delete("r").statusCode()).isEqualTo(409); // still under retention
    }

    @Test
    void a_revoked_token_stops_working_at_the_agent_at_once() throws Exception {
        String slug = slug("revoke");
        createUnlocked(slug);
        IssuedToken token = As.operator(() -> tenants.issueToken(slug, "app"));
        DataApi app = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), slug, token.token());
        String record = "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"x\"}";
        for (int i = 0; i < 3; i++) { // the agent now has this token's check cached
            assertThat(app.put("k" + i, record).statusCode()).isEqualTo(200);
        }
        As.operator(() -> {
            tenants.revokeToken(slug, token.tokenId());
            return null;
        });
        HttpResponse<String> after = app.put("k9", record);
        assertThat(after.statusCode()).as(after.body()).isEqualTo(401);
        assertThat(after.body()).contains("unknown or revoked");
    }

    Tenant createUnlocked(String slug) {
        return TestTenants.createUnlocked(tenants, request(slug, false, "eu-west", "eu-central", null));
    }

    void approveTwice(UUID request) {
        TestTenants.approveTwice(approvals, request);
    }

    ApprovalRequest awaitFinal(UUID request) {
        return TestTenants.awaitFinal(approvals, request);
    }

    List<AuditEntry> entries(String action, String target) {
        return TestTenants.entries(audit, action, target);
    }

    static <T> T audit(java.util.function.Supplier<T> s) {
        return As.user("auditor", Role.PLATFORM_ADMIN, s);
    }

    static String slug(String prefix) {
        return TestTenants.slug(prefix);
    }

    static TenantRequest request(String slug, boolean locked, String primary, String failover, String reason) {
        return TestTenants.request(slug, locked, primary, failover, reason);
    }

    static TenantRequest request(String slug, boolean locked, String primary, String failover, String reason, String zone) {
        return TestTenants.request(slug, locked, primary, failover, reason, zone);
    }
}
