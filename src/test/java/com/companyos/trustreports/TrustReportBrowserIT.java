package com.companyos.trustreports;

import com.companyos.audit.AuditService;
import com.companyos.security.DemoAccounts;
import com.companyos.support.As;
import com.companyos.support.Browser;
import com.companyos.support.ConsoleIT;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a real browser: a compliance officer generates a tenant's Trust Report (progress, then the report in the list);
 * the demo customer (bound to acme-eu) accepts the terms, downloads their report watermarked with their name, and
 * cannot reach another tenant's report by its view URL or its download URL (404, audited).
 */
class TrustReportBrowserIT extends ConsoleIT {

    @Autowired
    TenantService tenants;
    @Autowired
    TrustReportService reports;
    @Autowired
    AuditService audit;

    /** The tenant the demo customer is bound to (the demo tenant is off in tests). */
    private Tenant acme() {
        try {
            return As.operator(() -> tenants.get("acme-eu"));
        } catch (com.companyos.base.NotFoundException absent) {
            return TestTenants.createUnlocked(tenants, TestTenants.request("acme-eu", false, "eu-west", "eu-central", null));
        }
    }

    @Test
    void compliance_generates_and_the_customer_accepts_terms_downloads_their_own_and_cannot_reach_another_tenants() throws Exception {
        awaitAllRegionsHealthy();
        Tenant acme = acme();
        Tenant other = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("other"), false, "eu-west", "eu-central", null));
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        TrustReport othersReport = As.officer("compliance2", () -> reports.generate(other.slug(), hour, hour.plus(Duration.ofHours(1))));

        try (BrowserContext browser = Browser.newContext()) {
            Page page = Browser.signIn(browser, baseUrl(), "compliance1", DemoAccounts.PASSWORD);
            page.navigate(baseUrl() + "/trust-reports/" + acme.slug());
            page.locator("[data-action='generate-trust-report']").click();
            page.locator("[data-trust-status='ready']").waitFor();
            page.locator("vaadin-grid[data-grid='trust-reports'] [data-action='download-trust-report']").first().waitFor();
            Browser.screenshot(page, "trust-reports-officer");
        }

        try (BrowserContext browser = Browser.newContext()) {
            Page page = Browser.signIn(browser, baseUrl(), "customer", DemoAccounts.PASSWORD);
            assertThat(page.locator("vaadin-side-nav-item[data-menu='/trust-reports']").count()).isEqualTo(1);
            page.navigate(baseUrl() + "/trust-reports");
            page.locator("vaadin-grid[data-grid='trust-reports'] [data-action='download-trust-report']").first().click();
            Browser.screenshot(page, "trust-reports-customer-terms");
            page.locator("[data-action='accept-trust-terms']").click();
            Browser.screenshot(page, "trust-reports-customer");
            Download download = page.waitForDownload(() -> page.locator("vaadin-grid[data-grid='trust-reports'] a[data-report]").first().click());
            assertThat(download.suggestedFilename()).startsWith("trust-report-acme-eu-").endsWith(".pdf");
            byte[] pdf = Files.readAllBytes(download.path());
            assertThat(TrustReportIT.text(pdf)).contains("Downloaded by Cory Customer (customer) at");
            assertThat(TestTenants.entries(audit, "trust-report.terms-accepted", "tenant:acme-eu")).isNotEmpty();
            assertThat(TestTenants.entries(audit, "trust-report.downloaded", "tenant:acme-eu"))
                    .anySatisfy(e -> assertThat(e.actor()).isEqualTo("customer"));

            // Another tenant's report: its download URL and its view are "not found" for this customer, and audited.
            APIResponse foreign = page.request().get(baseUrl() + "/files/trust-reports/" + othersReport.id() + ".pdf");
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(foreign.text()).doesNotContain(other.slug() + "-").doesNotContain("%PDF");
            assertThat(TestTenants.entries(audit, "trust-report.access-refused", "trust-report:" + othersReport.id()))
                    .anySatisfy(e -> assertThat(e.actor()).isEqualTo("customer"));
            page.navigate(baseUrl() + "/trust-reports/" + other.slug());
            page.getByText("Could not navigate to").first().waitFor();
            Browser.screenshot(page, "trust-reports-customer-other-tenant");
            assertThat(page.locator("vaadin-grid[data-grid='trust-reports']").count()).isZero();
            assertThat(page.content()).doesNotContain(othersReport.factsSha256().substring(0, 12));
            assertThat(TestTenants.entries(audit, "trust-report.access-refused", "tenant:" + other.slug()))
                    .anySatisfy(e -> assertThat(e.actor()).isEqualTo("customer"));
        }
    }
}
