package com.companyos.security;

import com.companyos.support.Browser;
import com.companyos.support.ConsoleIT;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.vaadin.flow.router.Route;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every role against every view, in a real browser, as a table (issue 21): "+" the view opens, "-" the access-denied
 * view (the server decides; the menu hiding it is not the control). The table must name every route the console has,
 * so a new view cannot be added without deciding who may open it.
 */
class ViewAccessMatrixIT extends ConsoleIT {

    private static final List<String> USERS = List.of("admin", "compliance1", "operator", "exec", "customer");

    /** Route (as the URL), then admin, compliance officer, operator, executive, customer. */
    private static final String[][] TABLE = {
            {"", "+", "+", "+", "+", "+"},
            {"tenants", "+", "+", "+", "+", "-"},
            {"tenants/new", "+", "-", "+", "-", "-"},
            {"tenants/acme-eu", "+", "+", "+", "+", "-"},
            {"regions", "+", "+", "+", "+", "-"},
            {"disaster-recovery", "+", "+", "+", "+", "-"},
            {"dcp", "+", "+", "+", "+", "-"},
            {"approvals", "+", "+", "+", "-", "-"},
            {"residency", "+", "+", "+", "+", "+"},
            {"trust-reports", "+", "+", "-", "+", "+"},
            {"policies", "+", "+", "+", "+", "-"},
            {"slo", "+", "+", "+", "+", "-"},
            {"probes", "+", "+", "+", "+", "-"},
            {"probes/owners", "+", "+", "+", "+", "-"},
            {"releases", "+", "+", "+", "+", "-"},
            {"releases/v1", "+", "+", "+", "+", "-"},
            {"audit", "+", "+", "-", "-", "-"},
            {"account/tokens", "+", "+", "+", "+", "-"},
    };

    @Test
    void the_table_names_every_route_of_the_console() {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AnnotationTypeFilter(Route.class));
        Set<String> routes = new TreeSet<>();
        scan.findCandidateComponents("com.companyos").forEach(bean -> {
            try {
                String route = Class.forName(bean.getBeanClassName()).getAnnotation(Route.class).value();
                routes.add(route.replace(":slug", "acme-eu").replace(":version", "v1"));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        });
        routes.remove("login"); // the only view anyone may open
        Set<String> inTable = new TreeSet<>();
        for (String[] row : TABLE) {
            inTable.add(row[0]);
        }
        assertThat(inTable).isEqualTo(routes);
    }

    @Test
    void every_role_opens_exactly_the_views_the_table_allows() {
        awaitAllRegionsHealthy();
        List<String> unexpected = new ArrayList<>();
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        for (int u = 0; u < USERS.size(); u++) {
            String user = USERS.get(u);
            try (BrowserContext browser = Browser.newContext()) {
                Page page = Browser.signIn(browser, baseUrl(), user, DemoAccounts.PASSWORD);
                for (String[] row : TABLE) {
                    page.navigate(baseUrl() + "/" + row[0]);
                    page.locator("[data-view='access-denied'], main h2, vaadin-app-layout h2").first().waitFor();
                    page.waitForLoadState();
                    boolean denied = page.locator("[data-view='access-denied']").count() > 0;
                    boolean expected = row[1 + u].equals("+");
                    outcomes.merge(denied ? "denied" : "opened", 1, Integer::sum);
                    if (denied == expected) {
                        unexpected.add("/" + row[0] + " as " + user + ": " + (denied ? "denied" : "opened") + " (table says " + row[1 + u] + ")");
                    }
                    assertThat(page.content()).doesNotContain("Exception").doesNotContain("com.companyos");
                }
            }
        }
        System.out.println("[security-suite] views: " + USERS.size() + " roles x " + TABLE.length + " views: " + outcomes);
        assertThat(unexpected).as("unexpected allows or refusals").isEmpty();
    }
}
