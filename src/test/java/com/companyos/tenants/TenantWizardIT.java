package com.companyos.tenants;

import com.companyos.security.DemoAccounts;
import com.companyos.support.Browser;
import com.companyos.support.ConsoleIT;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * In real browsers: an operator submits a residency-locked tenant in the wizard; two compliance officers, each in
 * their own session, see the request appear (badge), read what it will do and approve it; the tenant then exists with
 * its manifest.
 */
class TenantWizardIT extends ConsoleIT {

    @Test
    void an_operator_submits_a_locked_tenant_and_two_compliance_officers_approve_it_in_their_own_sessions() throws Exception {
        awaitAllRegionsHealthy();
        String name = "Wizard Works " + UUID.randomUUID().toString().substring(0, 5);
        String slug = name.toLowerCase().replace(' ', '-');
        try (BrowserContext operatorBrowser = Browser.newContext();
             BrowserContext officer1 = Browser.newContext();
             BrowserContext officer2 = Browser.newContext()) {
            Page op = Browser.signIn(operatorBrowser, baseUrl(), "operator", DemoAccounts.PASSWORD);
            Page c1 = Browser.signIn(officer1, baseUrl(), "compliance1", DemoAccounts.PASSWORD);
            Locator badge = c1.locator("[data-badge='/approvals']");
            String before = badge.isVisible() ? badge.textContent() : "0";

            op.navigate(baseUrl() + "/tenants");
            op.locator("[data-action='new-tenant']").click();
            op.locator("#tenant-name input").fill(name);
            op.locator("#contact-name-0 input").fill("Dana Privacy");
            op.locator("#contact-email-0 input").fill("dana@wizard.example");
            assertThat(op.locator("#tenant-slug input")).hasValue(slug);
            next(op, "Residency");
            assertThat(op.locator("#tenant-locked input")).isChecked();
            next(op, "Regions");
            next(op, "Data defaults");
            next(op, "Review");
            assertThat(op.locator("[data-preview='tenant']")).containsText("residency: zone EU, LOCKED");
            assertThat(op.locator("[data-preview='tenant']")).containsText("Placement decisions: primary Allowed by placement-permitted");
            Browser.screenshot(op, "wizard-review");
            op.locator("#tenant-reason textarea").fill("New EU customer, contract 2026-311");
            op.locator("[data-action='submit-tenant']").click();
            op.waitForURL(url -> url.contains("/approvals?request="));
            assertThat(op.locator(".approval-detail [data-status]")).hasAttribute("data-status", "PENDING");

            // The first officer's menu badge goes up without a reload.
            assertThat(badge).hasText(Integer.toString(Integer.parseInt(before) + 1));
            approve(c1, slug, "Contract and DPA checked");
            Browser.screenshot(c1, "approvals-detail");

            Page c2 = Browser.signIn(officer2, baseUrl(), "compliance2", DemoAccounts.PASSWORD);
            approve(c2, slug, "Residency lock matches the contract");
            assertThat(c2.locator(".approval-detail [data-status]")).hasAttribute("data-status", "EXECUTED",
                    new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(30_000));

            op.navigate(baseUrl() + "/tenants/" + slug);
            assertThat(op.locator("[data-tenant='" + slug + "']")).isVisible();
            assertThat(op.locator("main")).containsText("residency-locked");
            Download manifest = op.waitForDownload(() -> op.locator("[data-action='download-manifest']").click());
            String yaml = Files.readString(manifest.path());
            assertThat(yaml).contains("slug: \"" + slug + "\"").contains("locked: true").contains("manifestSha256: ");
            assertThat(manifest.suggestedFilename()).isEqualTo(slug + ".tenant.yaml");
            Browser.screenshot(op, "tenant-detail");
        }
    }

    private static void next(Page page, String step) {
        page.locator("[data-action='next']").click();
        assertThat(page.locator("[data-step='" + step + "']")).isVisible();
    }

    private void approve(Page page, String slug, String reason) {
        page.navigate(baseUrl() + "/approvals");
        page.locator("vaadin-grid-cell-content:visible:has-text('tenant:" + slug + "')").click();
        assertThat(page.locator(".approval-detail")).containsText("Create tenant " + slug);
        page.locator("#vote-reason textarea").fill(reason);
        page.locator("[data-action='approve']").click();
        assertThat(page.locator(".approval-detail")).containsText(reason);
    }
}
