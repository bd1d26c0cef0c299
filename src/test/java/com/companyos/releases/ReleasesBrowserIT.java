package com.companyos.releases;

import com.companyos.agentapi.AgentPaths;
import com.companyos.releases.internal.CanaryStep;
import com.companyos.security.DemoAccounts;
import com.companyos.support.As;
import com.companyos.support.Browser;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * An operator in a real browser starts a canary of a faulty release from the Releases view, watches the analysis
 * abort it (verdicts with what tripped, all traffic back on stable, the release quarantined) and rolls the region back.
 */
class ReleasesBrowserIT extends ConsoleIT {

    @Autowired
    ReleaseService releases;
    @Autowired
    TenantService tenants;

    @Test
    void an_operator_watches_a_faulty_canary_abort_and_rolls_the_region_back() throws Exception {
        awaitAllRegionsHealthy();
        String region = US_EAST.value();
        Tenant t = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("relui"), false, region, "eu-west", null, "US"));
        DataApi app = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(US_EAST), t.slug(),
                As.operator(() -> tenants.issueToken(t.slug(), "browser-it")).token());
        app.put("seed", "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"seed\"}");
        String stable = As.operator(() -> releases.regions()).stream().filter(r -> r.region().equals(region)).findFirst()
                .orElseThrow().stableVersion();
        String faulty = "ui-faulty-" + UUID.randomUUID().toString().substring(0, 6);
        As.operator(() -> releases.register(new ReleaseRegistration(faulty, stable,
                Map.of("companyos.agent.faults.error-share", "0.6"), "Browser test: a release that fails"), null));

        AtomicBoolean load = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
            while (load.get()) {
                try {
                    app.get("seed");
                } catch (Exception ignored) {
                    sleep(50);
                }
            }
        });
        traffic.start();
        try (BrowserContext context = Browser.newContext()) {
            Page page = Browser.signIn(context, baseUrl(), "operator", DemoAccounts.PASSWORD);
            page.navigate(baseUrl() + "/releases");
            assertThat(page.locator("main h2")).containsText("Releases");
            assertThat(page.locator("[data-region='" + region + "']")).containsText(stable);
            Browser.screenshot(page, "releases-view");

            // Short steps for the test; the view starts canaries with the installation's default steps.
            Rollout started = As.operator(() -> releases.startCanary(region, faulty, "Browser test: watch it abort", false, null,
                    List.of(new CanaryStep(50, Duration.ofMinutes(5), 1_000_000, Duration.ofMinutes(5)),
                            new CanaryStep(100, Duration.ofMinutes(5), 1, Duration.ofMinutes(5)))));
            assertThat(page.locator("[data-region='" + region + "']")).containsText(faulty,
                    new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
            // Opened again, the view follows the region whose rollout is in progress.
            page.navigate(baseUrl() + "/releases");
            assertThat(page.locator("#release-region vaadin-select-value-button")).hasText(region);
            assertThat(page.locator("[data-testid='release-rollout-state']")).containsText(faulty);
            Browser.screenshot(page, "releases-canary-running");

            assertThat(page.locator("[data-testid='release-rollout-state']")).containsText("aborted",
                    new LocatorAssertions.ContainsTextOptions().setTimeout(180_000));
            assertThat(page.locator("[data-testid='release-rollout-state']")).containsText("all traffic on stable");
            assertThat(page.locator("[data-testid='release-verdicts']")).containsText("abort");
            assertThat(page.locator("[data-testid='release-catalog']")).containsText("quarantined");
            Browser.screenshot(page, "releases-canary-aborted");
            org.assertj.core.api.Assertions.assertThat(app.get("seed").headers().firstValue(AgentPaths.RELEASE_HEADER)).contains(stable);

            // The operator rolls the region back to the stable release by hand (it is on it already: nothing restarts).
            page.locator("[data-testid='release-reason-" + region + "'] input").fill("Confirming the region runs " + stable);
            page.locator("[data-testid='release-rollback-target-" + region + "'] vaadin-select-value-button").click();
            page.locator("vaadin-select-item").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText(stable)).first().click();
            assertThat(page.locator("[data-testid='release-rollback-target-" + region + "'] vaadin-select-value-button")).hasText(stable);
            page.locator("[data-testid='release-rollback-" + region + "']").click();
            assertThat(page.locator("vaadin-notification-card")).containsText("Rolled " + region + " back to " + stable);
            awaitSealed(faulty);
            page.navigate(baseUrl() + "/releases/" + faulty);
            assertThat(page.locator("[data-testid='release-history']")).containsText("quarantined");
            assertThat(page.locator("main")).containsText("Quarantined");
            // The release page answers "is it safe to proceed?": its sealed scorecard, no-go, one row per gate.
            assertThat(page.locator("[data-testid='scorecard-verdict']")).hasText("NO-GO");
            assertThat(page.locator("[data-testid='scorecard']")).containsText("Sealed");
            var gates = page.locator("[data-testid='scorecard-gates']");
            for (String gate : List.of("policy-tests", "deterministic-export", "spec-parity", "canary-completed", "synthetic-green")) {
                assertThat(gates).containsText(gate);
            }
            assertThat(page.locator("[data-testid='scorecard-gates'] [data-gate='canary-completed']")).hasText("fail");
            assertThat(page.locator("[data-testid='scorecard-gates'] [data-gate='policy-tests']")).hasText("pass");
            String policyEvidence = As.operator(() -> releases.scorecard(faulty, null)).gates().stream()
                    .filter(g -> g.name().equals("policy-tests")).findFirst().orElseThrow().evidenceSha256();
            assertThat(page.locator("[data-testid='scorecard-gates'] [data-evidence='policy-tests']"))
                    .containsText("evidence/policy-tests.json");
            assertThat(page.locator("[data-testid='scorecard-gates'] [data-evidence='policy-tests']")).containsText(policyEvidence);
            Browser.screenshot(page, "release-page-quarantined");
            com.microsoft.playwright.Download download = page.waitForDownload(
                    () -> page.locator("[data-testid='scorecard-evidence-download']").click());
            byte[] zip = java.nio.file.Files.readAllBytes(download.path());
            org.assertj.core.api.Assertions.assertThat(zip).as("the evidence bundle downloaded from the page")
                    .isEqualTo(As.operator(() -> releases.evidence(faulty, null)).bytes());
            // A release that does not exist is a plain message, not a stack trace.
            page.navigate(baseUrl() + "/releases/no-such-release");
            assertThat(page.locator("main")).containsText("Release not found");
            assertThat(page.locator("main")).not().containsText("Exception");
            org.assertj.core.api.Assertions.assertThat(As.operator(() -> releases.rollout(started.id())).state())
                    .isEqualTo(RolloutState.ABORTED);
        } finally {
            load.set(false);
            traffic.join(10_000);
            new com.companyos.support.ReleaseWaits(releases, agents, US_EAST).abortUnfinished("ReleasesBrowserIT cleans up");
        }
    }

    private void awaitSealed(String version) {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(60);
        while (!As.operator(() -> releases.scorecard(version, null)).sealed()) {
            if (java.time.Instant.now().isAfter(deadline)) {
                throw new AssertionError("The scorecard of " + version + " was not sealed after its rollout ended");
            }
            sleep(300);
        }
    }

    @Autowired
    com.companyos.regions.RegionAgents agents;
}
