package com.companyos.security;

import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalStatus;
import com.companyos.base.NotFoundException;
import com.companyos.residency.ProofBundleService;
import com.companyos.residency.ResidencyService;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.companyos.trustreports.TrustReport;
import com.companyos.trustreports.TrustReportService;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.userdetails.UserDetailsService;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static com.companyos.db.Tables.APP_USER;
import static com.companyos.db.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tenant isolation is keyed by tenant ID, not by the slug a later tenant can take (issue 21, item 5): create a tenant,
 * give it a customer and a Trust Report, tear it down, create a new tenant with the same slug, and check that neither
 * tenant's customers see the other's evidence, and that the old customers cannot sign in any more.
 */
class TenantSlugReuseIT extends ConsoleIT {

    @Autowired
    TenantService tenants;
    @Autowired
    ApprovalService approvals;
    @Autowired
    LocalAccountService accounts;
    @Autowired
    TrustReportService reports;
    @Autowired
    ResidencyService residency;
    @Autowired
    ProofBundleService bundles;
    @Autowired
    UserDetailsService users;
    @Autowired
    DSLContext db;

    @Test
    void create_tear_down_and_re_create_with_the_same_slug() {
        awaitAllRegionsHealthy();
        String slug = TestTenants.slug("reuse");
        String early = "early-" + UUID.randomUUID().toString().substring(0, 8);
        // An account created before any tenant holds the slug is pending, and is bound by ID when the tenant is created.
        accounts.createPending(early, "Early Customer", early + "@example.com", "long-enough-pass", slug);
        assertThat(db.select(APP_USER.TENANT_ID).from(APP_USER).where(APP_USER.USERNAME.eq(early)).fetchOne(APP_USER.TENANT_ID)).isNull();

        Tenant first = TestTenants.createUnlocked(tenants, TestTenants.request(slug, false, "eu-west", "eu-central", null));
        assertThat(db.select(APP_USER.TENANT_ID).from(APP_USER).where(APP_USER.USERNAME.eq(early)).fetchOne(APP_USER.TENANT_ID))
                .isEqualTo(first.id());
        String customer = "cust-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.create(customer, "First Customer", customer + "@example.com", "long-enough-pass", com.companyos.base.Role.CUSTOMER,
                first.id(), slug);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        TrustReport firstReport = As.officer("compliance1", () -> reports.generate(slug, hour, hour.plus(Duration.ofHours(1))));
        assertThat(As.customer(first, () -> reports.reports(slug))).extracting(TrustReport::id).containsExactly(firstReport.id());

        UUID teardown = As.operator(() -> tenants.requestTeardown(slug, "contract ended"));
        TestTenants.approveTwice(approvals, teardown);
        assertThat(TestTenants.awaitFinal(approvals, teardown).status()).isEqualTo(ApprovalStatus.EXECUTED);

        // The torn-down tenant's customers are disabled (audited), so they cannot sign in; a session still open sees nothing.
        assertThat(users.loadUserByUsername(customer).isEnabled()).isFalse();
        assertThat(users.loadUserByUsername(early).isEnabled()).isFalse();
        assertThat(db.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("account.disabled").and(AUDIT_LOG.TARGET.eq("account:" + customer))))
                .isEqualTo(1);
        assertThatThrownBy(() -> As.customer(first, () -> tenants.visible(slug))).isInstanceOf(NotFoundException.class);

        Tenant second = TestTenants.createUnlocked(tenants, TestTenants.request(slug, false, "eu-west", "eu-central", null));
        assertThat(second.id()).isNotEqualTo(first.id());
        // The disabled accounts stay with the first tenant: none is bound to the second.
        assertThat(db.fetchCount(APP_USER, APP_USER.TENANT_ID.eq(second.id()))).isZero();
        assertThat(users.loadUserByUsername(early).isEnabled()).isFalse();

        // A session of the first tenant's customer that outlived the teardown sees nothing of the second tenant.
        assertThatThrownBy(() -> As.customer(first, () -> tenants.visible(slug))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> As.customer(first, () -> reports.reports(slug))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> As.customer(first, () -> residency.overview(hour, Instant.now(), slug)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> As.customer(first, () -> bundles.start(slug, hour, Instant.now())))
                .isInstanceOf(NotFoundException.class);
        assertThat(As.customer(first, () -> reports.tenantsInView())).isEmpty();

        // The second tenant's customer sees their tenant, but not the first tenant's report, by list or by ID.
        assertThat(As.customer(second, () -> tenants.visible(slug)).id()).isEqualTo(second.id());
        assertThat(As.customer(second, () -> reports.reports(slug))).isEmpty();
        assertThatThrownBy(() -> As.customer(second, () -> reports.download(firstReport.id()))).isInstanceOf(NotFoundException.class);
        // Evidence the regions keep by slug starts at the second tenant's creation for its customer.
        assertThat(As.customer(second, () -> residency.decisions(hour.minus(Duration.ofHours(1)), Instant.now(), null, slug, 100))
                .decisions()).allSatisfy(d -> assertThat(d.decision().decidedAt()).isAfterOrEqualTo(second.createdAt()));
    }
}
