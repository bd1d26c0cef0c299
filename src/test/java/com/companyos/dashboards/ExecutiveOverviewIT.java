package com.companyos.dashboards;

import com.companyos.approvals.ApprovalService;
import com.companyos.base.Role;
import com.companyos.residency.DecisionStatistics;
import com.companyos.residency.DecisionTrends;
import com.companyos.security.DemoAccounts;
import com.companyos.support.As;
import com.companyos.support.Browser;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.time.Instant;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The executive overview in a real browser on the real stack: the executive lands on it, its ECharts charts are drawn
 * with the data the services report, its figures follow live (push) when a violation is prevented, each figure links
 * to its evidence, and a customer gets none of it.
 */
class ExecutiveOverviewIT extends ConsoleIT {

    private static final String PII = "{\"classification\":\"pii\",\"retentionPolicy\":\"none\",\"data\":\"Jane Doe\"}";
    private static final List<String> CHARTS = List.of("tenants-by-zone", "violations-per-day", "processing-regions", "replication-lag",
            "failover-readiness");

    @Autowired
    TenantService tenants;
    @Autowired
    OverviewService overview;
    @Autowired
    DecisionStatistics statistics;
    @Autowired
    ApprovalService approvals;

    static Tenant tenant;
    static DataApi misdirected;

    @BeforeEach
    void data() {
        awaitAllRegionsHealthy();
        if (tenant == null) {
            tenant = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("overview"), false, "eu-west", "eu-central", null));
            String token = As.operator(() -> tenants.issueToken(tenant.slug(), "overview-app")).token();
            misdirected = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_CENTRAL), tenant.slug(), token);
            deny(2);
            DataApi west = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), tenant.slug(), token);
            try {
                assertThat(west.put("customer-1", PII).statusCode()).isEqualTo(200);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            sleep(1000); // sealed within 200 ms
            As.user("exec", Role.EXECUTIVE, () -> statistics.countNow());
        }
    }

    /** Misdirected writes: each is denied at eu-central's ingress (a violation prevented). */
    static void deny(int times) {
        try {
            for (int i = 0; i < times; i++) {
                assertThat(misdirected.put("customer-x", PII).statusCode()).isEqualTo(421);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_executive_lands_on_the_overview_with_drawn_charts_that_match_the_figures_and_follows_one_to_its_evidence() {
        try (BrowserContext browser = Browser.newContext()) {
            Page page = Browser.signIn(browser, baseUrl(), "exec", DemoAccounts.PASSWORD);
            assertThat(page.url()).isEqualTo(baseUrl() + "/");
            page.locator("[data-overview='executive']").waitFor();
            for (String name : CHARTS) {
                Locator chart = page.locator("companyos-chart[data-chart='" + name + "']");
                chart.locator("svg").first().waitFor();
                BoundingBox box = chart.boundingBox();
                assertThat(box.width).as(name).isGreaterThan(200);
                assertThat(box.height).as(name).isGreaterThan(150);
                assertThat(chart.getAttribute("aria-label")).as(name).isNotBlank();
                assertThat(((Number) chart.evaluate("c => c.chart.getOption().series.length")).intValue()).as(name).isPositive();
            }
            // The figures are the services' (the page follows them by push), and each chart draws the same numbers.
            eventually("tenants figure = census = chart", () -> {
                long total = As.user("exec", Role.EXECUTIVE, () -> tenants.census()).total();
                return figure(page, "tenants") == total && sum(page, "tenants-by-zone") == total;
            });
            eventually("denials figure = rollups = chart", () -> {
                DecisionTrends trends = As.user("exec", Role.EXECUTIVE, () -> statistics.platform());
                return trends.denied30d() >= 2 && figure(page, "denied-30d") == trends.denied30d()
                        && sum(page, "violations-per-day") == trends.denied30d()
                        && sum(page, "processing-regions") == trends.processedByRegion30d().values().stream().mapToLong(Long::longValue).sum();
            });
            assertThat(page.locator("[data-figure='agents'] .value")).hasText("3 / 3");
            // Charts draw real shapes: the per-day bars and the donut's slices are SVG paths with an extent.
            assertThat(page.locator("companyos-chart[data-chart='processing-regions'] svg path").count()).isGreaterThan(2);
            // Approvals are not open to executives: the count shows, the link does not.
            assertThat(page.locator("[data-figure='approvals'] a[data-evidence]").count()).isZero();
            Browser.screenshot(page, "executive-overview");

            page.locator("[data-figure='denied-30d'] a[data-evidence='/residency']").click();
            page.waitForURL(url -> url.contains("/residency?period=month"));
            Locator overTime = page.locator("companyos-chart[data-chart='decisions-over-time']");
            overTime.locator("svg").first().waitFor();
            assertThat(page.locator("#residency-period vaadin-select-value-button")).hasText("Last 30 days");
            assertThat(((Number) overTime.evaluate("c => c.chart.getOption().series[1].data.reduce((a, b) => a + b, 0)")).longValue())
                    .isGreaterThanOrEqualTo(2);

            page.navigate(baseUrl() + "/");
            page.locator("[data-figure='ready'] a[data-evidence='/disaster-recovery']").click();
            page.waitForURL(url -> url.endsWith("/disaster-recovery"));
            page.locator("companyos-chart[data-chart='region-lag'] svg").first().waitFor();
        }
    }

    @Test
    void the_figures_follow_a_prevented_violation_live_without_a_reload() {
        try (BrowserContext browser = Browser.newContext()) {
            Page page = Browser.signIn(browser, baseUrl(), "exec", DemoAccounts.PASSWORD);
            long before = current(page, "denied-24h", 0);
            page.evaluate("() => window.__sameDocument = true");
            deny(3);
            // Counted by the rollup puller within seconds and pushed to the open page. Other denials may arrive meanwhile
            // (a standby refused by policy is asked again every 30 s), so: at least these three, and what the service counts.
            assertThat(current(page, "denied-24h", before + 3)).isGreaterThanOrEqualTo(before + 3);
            assertThat(page.evaluate("() => window.__sameDocument === true")).isEqualTo(true);
        }
    }

    @Test
    void a_customer_lands_without_executive_figures_and_the_services_refuse_them() {
        try (BrowserContext browser = Browser.newContext()) {
            Page page = Browser.signIn(browser, baseUrl(), "customer", DemoAccounts.PASSWORD);
            assertThat(page.locator("h2").first().textContent()).startsWith("Welcome, ");
            assertThat(page.locator("[data-overview]").count()).isZero();
            assertThat(page.locator("companyos-chart").count()).isZero();
            assertThat(page.locator("[data-figure]").count()).isZero();
        }
        assertThatThrownBy(() -> As.customer("acme-eu", () -> overview.overview())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> As.customer("acme-eu", () -> overview.assemble())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> As.customer("acme-eu", () -> overview.subscribe(() -> { }))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> As.customer("acme-eu", () -> tenants.census())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> As.customer("acme-eu", () -> approvals.open())).isInstanceOf(AccessDeniedException.class);
        assertThat(As.user("exec", Role.EXECUTIVE, () -> overview.overview().agents())).hasSize(3);
    }

    /** Waits until the page shows the service's current 24 h denials, at least {@code atLeast}; returns it. */
    private long current(Page page, String name, long atLeast) {
        long[] value = new long[1];
        eventually(name + " shown = counted, at least " + atLeast, () -> {
            As.user("exec", Role.EXECUTIVE, () -> statistics.countNow());
            long counted = As.user("exec", Role.EXECUTIVE, () -> statistics.platform()).denied24h();
            value[0] = counted;
            return counted >= atLeast && figure(page, name) == counted;
        });
        return value[0];
    }

    private static void eventually(String what, java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(45);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Not within 45 s: " + what);
            }
            sleep(500);
        }
    }

    private static long figure(Page page, String name) {
        return Long.parseLong(page.locator("[data-figure='" + name + "'] .value").textContent().trim());
    }

    private static long sum(Page page, String chart) {
        Object total = page.locator("companyos-chart[data-chart='" + chart + "']").evaluate(
                "c => c.chart.getOption().series.flatMap(s => s.data).reduce((a, d) => a + (typeof d === 'object' ? d.value : d), 0)");
        return ((Number) total).longValue();
    }
}
