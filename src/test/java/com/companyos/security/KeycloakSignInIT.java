package com.companyos.security;

import com.companyos.CompanyOsApplication;
import com.companyos.audit.AuditQuery;
import com.companyos.audit.AuditService;
import com.companyos.probes.ProbeRun;
import com.companyos.probes.ProbeService;
import com.companyos.probes.ProbeStep;
import com.companyos.support.As;
import com.companyos.support.Browser;
import com.companyos.support.ConsoleIT;
import com.companyos.support.KeycloakServer;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production sign-in: a real Keycloak server with the realm export from docker/keycloak. A person clicks single
 * sign-on, signs in on Keycloak's own login page, and lands in the console with the role (and, for a customer, the
 * tenant) that Keycloak's token carries.
 */
@SpringBootTest(classes = CompanyOsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("keycloak")
class KeycloakSignInIT {

    static final int CONSOLE_PORT = ConsoleIT.freePort();
    static KeycloakServer keycloak;

    @Autowired
    AuditService audit;
    @Autowired
    org.jooq.DSLContext db;

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "it-data").toAbsolutePath()), "keycloak-");
        keycloak = KeycloakServer.start(consoleUrl(), dataDir.resolve("keycloak.log"));
        registry.add("server.port", () -> CONSOLE_PORT);
        registry.add("companyos.data-dir", dataDir::toString);
        registry.add("companyos.agents.local.enabled", () -> "false");
        registry.add("companyos.internal.port", () -> "0");
        registry.add("companyos.probes.scheduled", () -> "false");
        registry.add("companyos.demo.tenant", () -> "false");
        for (String region : List.of("eu-west", "eu-central", "us-east")) {
            int unused = ConsoleIT.freePort();
            registry.add("companyos.regions.endpoints." + region + ".url", () -> "https://localhost:" + unused);
        }
        registry.add("spring.security.oauth2.client.provider.keycloak.issuer-uri", keycloak::issuerUri);
        registry.add("spring.security.oauth2.client.registration.keycloak.client-secret", keycloak::clientSecret);
        registry.add("companyos.probes.oidc-username", () -> "kc-exec");
        registry.add("companyos.probes.oidc-password", keycloak::userPassword);
    }

    @Autowired
    ProbeService probes;

    @Test
    void the_login_probe_walks_single_sign_on_through_keycloak_as_well() {
        ProbeRun run = As.operator(() -> probes.runNow("login", "console", "KeycloakSignInIT"));
        assertThat(run.status().passed()).as(run.detail() + " " + run.steps()).isTrue();
        assertThat(run.steps()).extracting(ProbeStep::name)
                .contains("sign in", "sso: to the identity provider", "sso: sign in", "sso: back in the console");
    }

    @AfterAll
    static void stopKeycloak() {
        if (keycloak != null) {
            keycloak.close();
        }
    }

    @Test
    void a_compliance_officer_signs_in_on_keycloaks_page_and_lands_with_the_right_role() {
        try (BrowserContext browser = Browser.newContext()) {
            Page page = signInWithSso(browser, "kc-compliance");
            assertLandedAs(page, "COMPLIANCE_OFFICER", "/", "/tenants", "/dcp", "/regions", "/disaster-recovery", "/approvals", "/residency", "/trust-reports", "/policies", "/slo", "/probes", "/releases", "/audit",
                    "/account/tokens");
            assertThat(page.locator("h2").first().textContent()).isEqualTo("Welcome, Carl Compliance");
            Browser.screenshot(page, "keycloak-compliance-landed");
        }
        var auditor = new UsernamePasswordAuthenticationToken("test", null, AuthorityUtils.createAuthorityList("ROLE_PLATFORM_ADMIN"));
        SecurityContextHolder.getContext().setAuthentication(auditor);
        try {
            assertThat(audit.search(new AuditQuery("kc-compliance", "auth.sign-in", null, null, null), 0, 10))
                    .anySatisfy(e -> assertThat(e.details()).contains("\"method\":\"oidc\"").contains("ROLE_COMPLIANCE_OFFICER"));
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    @Test
    void a_customer_signs_in_bound_to_the_tenant_from_the_token_and_cannot_open_staff_views() {
        // Sign-in binds the customer to the active tenant holding the token's slug, by ID: that tenant must exist. This
        // test runs without region agents, so the tenant is a row as the tenant module keeps it.
        db.execute("insert into tenant (tenant_id, slug, name, contacts, residency_zone, residency_locked, primary_region, "
                + "failover_region, active_region, failover_allowed_operations, default_classification, retention_policy, "
                + "dcp_requested, policy_channel, status, created_at, created_by, manifest, manifest_sha256) values "
                + "(gen_random_uuid(), 'acme-eu', 'Acme EU', '[]', 'EU', true, 'eu-west', 'eu-central', 'eu-west', 'READ', "
                + "'internal', 'none', false, 'stable', 'ACTIVE', now(), 'test', '', repeat('0', 64)) on conflict do nothing");
        try (BrowserContext browser = Browser.newContext()) {
            Page page = signInWithSso(browser, "kc-customer");
            assertLandedAs(page, "CUSTOMER", "/", "/residency", "/trust-reports");
            assertThat(page.locator("[data-role]").textContent()).contains("acme-eu");
            page.navigate("http://localhost:" + CONSOLE_PORT + "/regions");
            page.locator("[data-view='access-denied']").waitFor();
        }
    }

    @Test
    void signing_out_also_ends_the_keycloak_session() {
        try (BrowserContext browser = Browser.newContext()) {
            Page page = signInWithSso(browser, "kc-operator");
            assertThat(page.locator("[data-role]").getAttribute("data-role")).isEqualTo("OPERATOR");
            page.locator("[data-action='sign-out']").click();
            page.waitForURL(url -> url.startsWith(consoleUrl() + "/login"));
            page.locator("[data-action='sso']").click();
            page.locator("#kc-form-login").waitFor();
            assertThat(page.url()).startsWith(keycloak.issuerUri());
        }
    }

    private static Page signInWithSso(BrowserContext browser, String username) {
        Page page = browser.newPage();
        page.navigate(consoleUrl() + "/login");
        page.locator("[data-action='sso']").click();
        page.locator("#kc-form-login").waitFor();
        assertThat(page.url()).startsWith(keycloak.issuerUri());
        page.locator("#username").fill(username);
        page.locator("#password").fill(keycloak.userPassword());
        page.locator("#kc-login").click();
        page.waitForURL(url -> url.startsWith(consoleUrl()) && !url.contains("/login"));
        page.locator("[data-action='sign-out']").waitFor();
        return page;
    }

    private static void assertLandedAs(Page page, String role, String... menu) {
        assertThat(page.locator("[data-role]").getAttribute("data-role")).isEqualTo(role);
        assertThat(page.locator("vaadin-side-nav-item[data-menu]").all().stream().map(i -> i.getAttribute("data-menu")))
                .containsExactly(menu);
    }

    private static String consoleUrl() {
        return "http://localhost:" + CONSOLE_PORT;
    }
}
