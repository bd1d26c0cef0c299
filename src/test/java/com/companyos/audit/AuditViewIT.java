package com.companyos.audit;

import com.companyos.security.DemoAccounts;
import com.companyos.support.Browser;
import com.companyos.support.ConsoleIT;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** A compliance officer reads the audit log in the browser, verifies the chain and exports CSV. */
class AuditViewIT extends ConsoleIT {

    @Test
    void a_compliance_officer_verifies_the_chain_filters_and_exports_csv() throws Exception {
        try (BrowserContext browser = Browser.newContext()) {
            Page page = Browser.signIn(browser, baseUrl(), "compliance1", DemoAccounts.PASSWORD);
            page.navigate(baseUrl() + "/audit");
            page.locator("vaadin-grid[data-grid='audit']").waitFor();

            page.locator("[data-action='anchor-chain']").click();
            page.locator("[data-anchoring='anchored']").waitFor();
            assertThat(page.locator("[data-anchoring]").textContent()).contains("audit-anchors.jsonl");
            page.locator("[data-action='verify-chain']").click();
            page.locator("[data-verification='intact']").waitFor();
            assertThat(page.locator("[data-verification]").textContent()).startsWith("Chain intact: ")
                    .contains("Matches its latest anchor: entry #");

            page.locator("#filter-actor input").fill("compliance1");
            // Export at once, before the typed filter has synchronised on its own: the file must still match it.
            Download download = page.waitForDownload(() -> page.locator("[data-action='export-csv']").click());
            assertThat(page.locator("vaadin-grid-cell-content:visible:has-text('account.created')")).hasCount(0);
            Browser.screenshot(page, "audit-log");

            List<String> lines = Files.readAllLines(download.path());
            assertThat(lines.get(0)).isEqualTo("seq,entry_id,occurred_at,actor,action,target,reason,decision_id,details,prev_hash,hash,classification,retention");
            assertThat(lines.subList(1, lines.size())).isNotEmpty()
                    .allSatisfy(line -> assertThat(line.split(",")[3]).contains("compliance1"))
                    .anySatisfy(line -> assertThat(line).contains(",auth.sign-in,"));
            assertThat(download.suggestedFilename()).startsWith("audit-log-").endsWith(".csv");
        }
    }
}
