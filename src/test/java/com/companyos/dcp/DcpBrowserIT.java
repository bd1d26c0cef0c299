package com.companyos.dcp;

import com.companyos.approvals.ApprovalService;
import com.companyos.security.DemoAccounts;
import com.companyos.support.As;
import com.companyos.support.Browser;
import com.companyos.support.ConsoleIT;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The headline demo step in a real browser: an operator requests a Dedicated Compliance Partition for a tenant, two
 * compliance officers approve its plan in their own sessions, and the operator watches it being provisioned until it
 * is active, with its agents, key fingerprint and every step shown.
 */
class DcpBrowserIT extends ConsoleIT {

    @Autowired
    TenantService tenants;
    @Autowired
    ApprovalService approvals;

    @Test
    void an_operator_requests_a_dcp_two_officers_approve_it_and_the_view_shows_it_becoming_active() {
        awaitAllRegionsHealthy();
        Tenant t = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("dcpui"), false, "eu-west", "eu-central", "ui"));
        try (BrowserContext operatorBrowser = Browser.newContext();
             BrowserContext officer1 = Browser.newContext();
             BrowserContext officer2 = Browser.newContext()) {
            Page op = Browser.signIn(operatorBrowser, baseUrl(), "operator", DemoAccounts.PASSWORD);
            op.navigate(baseUrl() + "/dcp");
            assertThat(op.locator("main h2")).containsText("Dedicated Compliance Partitions");
            Browser.screenshot(op, "dcp-view");
            op.locator("[data-testid='dcp-tenant'] input").fill(t.slug());
            op.locator("vaadin-combo-box-item:has-text('" + t.slug() + "')").click();
            op.locator("[data-testid='dcp-reason'] textarea").fill("Customer contract requires dedicated infrastructure");
            op.locator("[data-action='request-dcp']").click();
            assertThat(op.locator("main")).containsText("DCP of " + t.slug() + " — Awaiting approval");
            assertThat(op.locator("main")).containsText("awaiting two compliance officers");
            Browser.screenshot(op, "dcp-requested");

            approve(Browser.signIn(officer1, baseUrl(), "compliance1", DemoAccounts.PASSWORD), t.slug(), "Contract checked");
            approve(Browser.signIn(officer2, baseUrl(), "compliance2", DemoAccounts.PASSWORD), t.slug(), "Plan matches the contract");

            // The operator's view follows the provisioning live (it polls) until the partition is active.
            assertThat(op.locator("main")).containsText("DCP of " + t.slug() + " — Active",
                    new LocatorAssertions.ContainsTextOptions().setTimeout(240_000));
            assertThat(op.locator("[data-testid='dcp-steps']")).containsText("standby-in-sync");
            assertThat(op.locator("main")).containsText("compliance1, compliance2");
            assertThat(op.locator("main")).containsText("Agent eu-central/dcp/" + t.slug());
            assertThat(op.locator("main")).containsText("Download the co-signed DCP record");
            Browser.screenshot(op, "dcp-active");

            op.navigate(baseUrl() + "/tenants/" + t.slug());
            assertThat(op.locator("main")).containsText("served by eu-west/dcp/" + t.slug());
        } finally {
            // The partition's two agents and databases are not left running for the rest of the suite.
            java.util.UUID teardown = As.operator(() -> tenants.requestTeardown(t.slug(), "end of browser test"));
            TestTenants.approveTwice(approvals, teardown);
            TestTenants.awaitFinal(approvals, teardown);
        }
    }

    private void approve(Page page, String slug, String reason) {
        page.navigate(baseUrl() + "/approvals");
        page.locator("vaadin-grid-cell-content:visible:has-text('dcp:" + slug + "')").click();
        assertThat(page.locator(".approval-detail")).containsText("Provision a Dedicated Compliance Partition for " + slug);
        page.locator("#vote-reason textarea").fill(reason);
        page.locator("[data-action='approve']").click();
        assertThat(page.locator(".approval-detail")).containsText(reason);
    }
}
