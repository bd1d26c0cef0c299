package com.companyos.security;

import com.companyos.audit.AuditQuery;
import com.companyos.audit.AuditService;
import com.companyos.support.Browser;
import com.companyos.support.ConsoleIT;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each demo role signs in in a real browser and sees exactly its menu; a forbidden URL is refused and audited. */
class RoleMenusIT extends ConsoleIT {

    @Autowired
    AuditService audit;

    @ParameterizedTest(name = "{0} sees {2}")
    @CsvSource(delimiter = ';', value = {
            "admin;PLATFORM_ADMIN;/ /tenants /dcp /regions /disaster-recovery /approvals /residency /trust-reports /policies /slo /probes /releases /audit /account/tokens",
            "compliance1;COMPLIANCE_OFFICER;/ /tenants /dcp /regions /disaster-recovery /approvals /residency /trust-reports /policies /slo /probes /releases /audit /account/tokens",
            "compliance2;COMPLIANCE_OFFICER;/ /tenants /dcp /regions /disaster-recovery /approvals /residency /trust-reports /policies /slo /probes /releases /audit /account/tokens",
            "operator;OPERATOR;/ /tenants /dcp /regions /disaster-recovery /approvals /residency /policies /slo /probes /releases /account/tokens",
            "exec;EXECUTIVE;/ /tenants /dcp /regions /disaster-recovery /residency /trust-reports /policies /slo /probes /releases /account/tokens",
            "customer;CUSTOMER;/ /residency /trust-reports"})
    void each_demo_role_signs_in_and_sees_its_menu(String username, String role, String menu) {
        try (BrowserContext browser = Browser.newContext()) {
            Page page = Browser.signIn(browser, baseUrl(), username, DemoAccounts.PASSWORD);
            assertThat(page.locator("[data-role]").getAttribute("data-role")).isEqualTo(role);
            List<String> items = page.locator("vaadin-side-nav-item[data-menu]").all().stream()
                    .map(item -> item.getAttribute("data-menu")).toList();
            assertThat(items).containsExactlyElementsOf(Arrays.asList(menu.split(" ")));
            assertThat(page.locator("h2").first().textContent()).startsWith("Welcome, ");
            Browser.screenshot(page, "overview-" + username);
        }
    }

    @Test
    void a_customer_typing_a_staff_url_is_refused_and_the_refusal_is_audited() {
        try (BrowserContext browser = Browser.newContext()) {
            Page page = Browser.signIn(browser, baseUrl(), "customer", DemoAccounts.PASSWORD);
            for (String path : List.of("regions", "disaster-recovery", "audit", "tenants", "approvals", "policies", "account/tokens")) {
                page.navigate(baseUrl() + "/" + path);
                page.locator("[data-view='access-denied']").waitFor();
                assertThat(page.locator("[data-view='access-denied'] h2").textContent()).isEqualTo("Access denied");
                assertThat(page.locator("vaadin-side-nav-item[data-menu='/" + path + "']").count()).isZero();
            }
            Browser.screenshot(page, "access-denied-customer");
        }
        assertThat(auditEntries("customer", "access.denied")).extracting("target")
                .contains("view:/regions", "view:/audit", "view:/tenants", "view:/approvals", "view:/policies", "view:/account/tokens");
    }

    @Test
    void an_operator_cannot_open_the_audit_log_by_url() {
        try (BrowserContext browser = Browser.newContext()) {
            Page page = Browser.signIn(browser, baseUrl(), "operator", DemoAccounts.PASSWORD);
            page.navigate(baseUrl() + "/audit");
            page.locator("[data-view='access-denied']").waitFor();
            assertThat(page.locator("vaadin-grid[data-grid='audit']").count()).isZero();
        }
    }

    @Test
    void a_wrong_password_is_refused_with_a_message_and_audited() {
        try (BrowserContext browser = Browser.newContext()) {
            Page page = browser.newPage();
            page.navigate(baseUrl() + "/login");
            page.locator("input[name='username']").fill("operator");
            page.locator("input[name='password']").fill("not-the-password");
            page.locator("vaadin-button[slot='submit']").click();
            page.waitForURL(url -> url.contains("error"));
            page.getByText("Incorrect username or password").waitFor();
            assertThat(page.locator("[data-action='sign-out']").count()).isZero();
        }
        assertThat(auditEntries("operator", "auth.sign-in-failed")).isNotEmpty();
    }

    @Test
    void signing_out_ends_the_session_and_is_audited() {
        try (BrowserContext browser = Browser.newContext()) {
            Page page = Browser.signIn(browser, baseUrl(), "exec", DemoAccounts.PASSWORD);
            page.locator("[data-action='sign-out']").click();
            page.waitForURL(url -> url.contains("/login"));
            page.navigate(baseUrl() + "/regions");
            page.waitForURL(url -> url.contains("/login"));
        }
        assertThat(auditEntries("exec", "auth.sign-out")).isNotEmpty();
        assertThat(auditEntries("exec", "auth.sign-in")).isNotEmpty();
    }

    private List<com.companyos.audit.AuditEntry> auditEntries(String actor, String action) {
        var auth = new UsernamePasswordAuthenticationToken("test-auditor", null,
                AuthorityUtils.createAuthorityList("ROLE_COMPLIANCE_OFFICER"));
        SecurityContextHolder.getContext().setAuthentication(auth);
        try {
            return audit.search(new AuditQuery(actor, action, null, null, null), 0, 100).stream()
                    .filter(e -> e.actor().equals(actor) && e.action().equals(action)).toList();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
