package com.companyos.regions;

import com.companyos.security.DemoAccounts;
import com.companyos.support.Browser;
import com.companyos.support.ConsoleIT;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Regions view shows the three real agents healthy, and turns one red without a reload within 10 s of that
 * agent's process being killed; it turns green again when the agent is restarted.
 */
class RegionsLiveIT extends ConsoleIT {

    @Autowired
    LocalAgentSupervisor supervisor;

    @Test
    void regions_view_shows_three_healthy_agents_and_turns_one_red_within_10s_of_a_kill() {
        awaitAllRegionsHealthy();
        try (BrowserContext browser = Browser.newContext()) {
            Page page = Browser.signIn(browser, baseUrl(), "operator", DemoAccounts.PASSWORD);
            page.navigate(baseUrl() + "/regions");
            for (var region : AGENT_PORTS.keySet()) {
                card(page, region.value(), "HEALTHY").waitFor();
                assertThat(card(page, region.value(), "HEALTHY").textContent())
                        .contains("companyos_agent · PostgreSQL 15")
                        .contains("expires ")
                        .contains(" ms");
            }
            assertThat(page.locator("[data-summary]").getAttribute("data-summary")).isEqualTo("3/3");
            Browser.screenshot(page, "regions-healthy");

            long pid = supervisor.process(EU_CENTRAL).orElseThrow().pid();
            long killedAt = System.nanoTime();
            supervisor.kill(EU_CENTRAL);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

            card(page, "eu-central", "UNREACHABLE").waitFor(new Locator.WaitForOptions().setTimeout(10_000));
            Duration toRed = Duration.ofNanos(System.nanoTime() - killedAt);
            assertThat(toRed).isLessThan(Duration.ofSeconds(10));
            assertThat(page.locator("[data-region='eu-central'] [data-status]").textContent()).isEqualTo("Unreachable");
            assertThat(page.locator("[data-summary]").getAttribute("data-summary")).isEqualTo("2/3");
            Browser.screenshot(page, "regions-one-down");

            supervisor.restart(EU_CENTRAL);
            card(page, "eu-central", "HEALTHY").waitFor(new Locator.WaitForOptions().setTimeout(120_000));
        }
    }

    private static Locator card(Page page, String region, String state) {
        return page.locator("[data-region='" + region + "'][data-state='" + state + "']");
    }
}
