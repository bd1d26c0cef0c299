package com.companyos.base.cluster;

import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalStatus;
import com.companyos.audit.AuditService;
import com.companyos.base.db.EmbeddedDatabase;
import com.companyos.dr.Drill;
import com.companyos.dr.DrillService;
import com.companyos.security.DemoAccounts;
import com.companyos.support.As;
import com.companyos.support.Browser;
import com.companyos.support.ConsoleIT;
import com.companyos.support.SecondConsole;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two consoles on one control-plane database (the shared stack's console is A; {@link SecondConsole} is B, with no
 * agents of its own). A compliance officer signed in on B sees her badge move when requests are submitted and voted on
 * A (PostgreSQL LISTEN/NOTIFY); a drill approved on A runs once, on the console that can take the region down, and
 * its progress is visible on B; the replication lag samples are stored once, not once per console.
 */
class TwoConsolesIT extends ConsoleIT {

    private static SecondConsole consoleB;

    @Autowired
    EmbeddedDatabase database;
    @Autowired
    TenantService tenants;
    @Autowired
    ApprovalService approvals;
    @Autowired
    DrillService drills;
    @Autowired
    AuditService audit;
    @Autowired
    DSLContext db;

    @AfterAll
    static void stopSecondConsole() {
        if (consoleB != null) {
            consoleB.close();
            consoleB = null;
        }
    }

    private SecondConsole consoleB() {
        if (consoleB == null) {
            consoleB = SecondConsole.start("jdbc:postgresql://localhost:" + database.port() + "/" + database.databaseName(),
                    DATA_DIR.resolve("console-b"), DATA_DIR.resolve("pki"), AGENT_PORTS, DATA_PORTS);
        }
        return consoleB;
    }

    @Test
    void a_request_voted_on_console_a_moves_the_badge_of_an_officer_on_console_b_and_its_drill_runs_once() {
        awaitAllRegionsHealthy();
        SecondConsole b = consoleB();
        Instant bStarted = Instant.now();
        Tenant t = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("twocon"), false, "eu-west", "eu-central", null));
        Instant tenantCreated = Instant.now();

        try (BrowserContext browser = Browser.newContext()) {
            Page page = Browser.signIn(browser, b.baseUrl(), "compliance1", DemoAccounts.PASSWORD);
            Locator badge = page.locator("[data-badge='/approvals']");
            int before = count(badge);

            // Requested on A: the officer on B has one more request to vote on, without reloading.
            Drill requested = As.operator(() -> drills.request(t.slug(), true, "drill across two consoles"));
            expect(badge, before + 1);
            // Voted on A by the other officer: still hers to vote on.
            As.officer("compliance2", () -> approvals.approve(requested.approvalRequestId(), "checked on console A"));
            expect(badge, before + 1);
            // Her own vote, cast through console A: the request is approved and leaves her badge.
            As.officer("compliance1", () -> approvals.approve(requested.approvalRequestId(), "agreed on console A"));
            expect(badge, before);
            Browser.screenshot(page, "two-consoles-badge-on-b");
            assertThat(TestTenants.awaitFinal(approvals, requested.approvalRequestId()).status()).isEqualTo(ApprovalStatus.EXECUTED);

            // The drill runs once, wherever it is picked up; console B reads its progress from the shared database.
            DrillService drillsOnB = b.bean(DrillService.class);
            Set<String> seenOnB = new HashSet<>();
            Drill done = null;
            Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
            while (Instant.now().isBefore(deadline)) {
                done = As.operator(() -> drillsOnB.find(requested.id())).orElseThrow();
                if ("RUNNING".equals(done.status())) {
                    seenOnB.add(done.progress());
                }
                if (done.finished()) {
                    break;
                }
                sleep(300);
            }
            assertThat(done).isNotNull();
            assertThat(done.finished()).as("drill finished: " + done.progress()).isTrue();
            assertThat(done.error()).isNull();
            assertThat(done.status()).isIn("PASSED", "FAILED");
            assertThat(seenOnB).as("progress of the running drill, read on console B").isNotEmpty();
            assertThat(TestTenants.entries(audit, "dr.drill-finished", "tenant:" + t.slug())).hasSize(1);
            assertThat(done.steps()).extracting(Drill.Step::name).doesNotHaveDuplicates()
                    .contains("Detection", "Promotion", "First write on the new primary", "Fail back (planned, no loss)");
            assertThat(db.fetchCount(db.selectFrom("scheduled_tasks").where("task_name = 'dr-drill' and task_instance = ?",
                    requested.id().toString()))).as("the drill's run is removed once done").isZero();
        }

        // Both consoles watched the drill's primary go down and come back: each change of its state is audited once.
        List<String> changes = TestTenants.entries(audit, "region.status-changed", "region:eu-west").stream()
                .filter(e -> e.occurredAt().isAfter(bStarted)).map(e -> e.details()).toList();
        assertThat(changes.stream().filter(c -> c.contains("\"to\":\"UNREACHABLE\"")).count()).as(changes.toString()).isEqualTo(1);
        for (int i = 1; i < changes.size(); i++) {
            assertThat(to(changes.get(i))).as(changes.toString()).isNotEqualTo(to(changes.get(i - 1)));
        }

        // Both consoles ran all along; each 10 s sample of the tenant's lag is stored once per region, not once per console.
        // (A short drill may leave eu-west down at every sample so far: wait for one sample of each region first.)
        String[] regions = {"eu-west", "eu-central"};
        Instant sampled = Instant.now().plus(Duration.ofSeconds(40));
        while (Instant.now().isBefore(sampled) && Arrays.stream(regions).anyMatch(r -> samples(t, r) == 0)) {
            sleep(500);
        }
        double tenantSeconds = Duration.between(tenantCreated, Instant.now()).toMillis() / 1000.0;
        for (String region : regions) {
            assertThat(samples(t, region)).as(region + " samples of " + t.slug() + " over " + tenantSeconds + " s").isPositive()
                    .isLessThanOrEqualTo((int) (tenantSeconds / 10) + 2);
        }
        double bSeconds = Duration.between(bStarted, Instant.now()).toMillis() / 1000.0;
        int regionSamples = db.fetchCount(db.selectFrom("replication_region_sample").where("region = 'eu-central' and sampled_at >= ?::timestamptz",
                bStarted.toString()));
        assertThat(regionSamples).isPositive().isLessThanOrEqualTo((int) (bSeconds / 10) + 2);
    }

    private int samples(Tenant t, String region) {
        return db.fetchCount(db.selectFrom("replication_sample").where("tenant_id = ?::uuid and region = ?", t.id().toString(), region));
    }

    private static String to(String details) {
        return details.replaceAll(".*\"to\":\"([A-Z_]+)\".*", "$1");
    }

    private static int count(Locator badge) {
        return badge.isVisible() ? Integer.parseInt(badge.textContent().trim()) : 0;
    }

    private static void expect(Locator badge, int count) {
        LocatorAssertions.HasTextOptions wait = new LocatorAssertions.HasTextOptions().setTimeout(15_000);
        if (count == 0) {
            assertThat(badge).isHidden(new LocatorAssertions.IsHiddenOptions().setTimeout(15_000));
        } else {
            assertThat(badge).hasText(Integer.toString(count), wait);
        }
    }
}
