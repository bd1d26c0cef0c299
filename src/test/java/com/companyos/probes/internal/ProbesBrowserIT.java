package com.companyos.probes.internal;

import com.companyos.probes.ProbeDefinition;
import com.companyos.probes.ProbeKind;
import com.companyos.probes.ProbeOwner;
import com.companyos.probes.ProbeService;
import com.companyos.probes.ProbeStatus;
import com.companyos.security.DemoAccounts;
import com.companyos.support.As;
import com.companyos.support.Browser;
import com.companyos.support.ConsoleIT;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * An operator on call in a real browser: the golden dashboard shows every critical path and its last run, an open
 * incident of a broken path (the job worker paused), which the operator acknowledges on the page; the owners page
 * shows who is paged in which order.
 */
class ProbesBrowserIT extends ConsoleIT {

    @Autowired
    ProbeService probes;
    @Autowired
    Scheduler scheduler;

    @Test
    void an_operator_sees_the_paths_acknowledges_an_incident_and_reads_the_escalation_order() {
        awaitAllRegionsHealthy();
        As.operator(() -> probes.runNow("job-queue", "console", "browser test"));
        As.operator(() -> probes.saveOwner(new ProbeOwner("it-ui-team", "UI test team", null, "pagerduty", null, Duration.ofMinutes(10),
                List.of(new ProbeOwner.Contact("Uma", "uma@example.test"), new ProbeOwner.Contact("Vic", "vic@example.test")), null, null), "browser test"));
        As.operator(() -> probes.save(new ProbeDefinition("it-ui-jobs", ProbeKind.JOB_QUEUE, "job queue (browser test)", "it-ui-team",
                Duration.ofSeconds(10), Duration.ofSeconds(2), 0, List.of(), Duration.ofSeconds(2), 1, 1, 1, false, null, null), "browser test"));
        scheduler.pause();
        try {
            org.assertj.core.api.Assertions.assertThat(As.operator(() -> probes.runNow("it-ui-jobs", "console", "browser test")).status())
                    .isEqualTo(ProbeStatus.FAIL);
        } finally {
            scheduler.resume();
        }
        try (BrowserContext context = Browser.newContext()) {
            Page page = Browser.signIn(context, baseUrl(), "operator", DemoAccounts.PASSWORD);
            page.navigate(baseUrl() + "/probes");
            assertThat(page.locator("main h2")).containsText("Probes");
            assertThat(page.locator("[data-testid='probe-status']")).containsText("tenant-query");
            assertThat(page.locator("[data-testid='probe-status']")).containsText("job-queue");
            assertThat(page.locator("[data-testid='probes-verdict']")).containsText("open incident");
            assertThat(page.locator("[data-testid='probe-incidents']")).containsText("it-ui-jobs");
            assertThat(page.locator("#probes-success")).isVisible();
            Browser.screenshot(page, "probes-golden-dashboard");

            page.locator("[data-testid='probe-ack']").first().click();
            assertThat(page.locator("[data-testid='probe-incidents']")).containsText("acknowledged",
                    new LocatorAssertions.ContainsTextOptions().setTimeout(10_000));
            org.assertj.core.api.Assertions.assertThat(As.operator(() -> probes.incidents(true)))
                    .filteredOn(i -> i.probe().equals("it-ui-jobs")).singleElement()
                    .satisfies(i -> org.assertj.core.api.Assertions.assertThat(i.acknowledgedBy()).isEqualTo("operator"));

            page.locator("#probes-owners").click();
            assertThat(page.locator("[data-testid='probe-owners']")).containsText("Uma <uma@example.test> → Vic <vic@example.test>");
            assertThat(page.locator("[data-testid='probe-owners']")).containsText("it-ui-jobs");
            Browser.screenshot(page, "probes-owners");
        } finally {
            As.operator(() -> probes.incidents(true)).stream().filter(i -> i.probe().equals("it-ui-jobs"))
                    .forEach(i -> As.operator(() -> probes.resolve(i.id(), "browser test done")));
        }
    }
}
