package com.companyos.bench;

import com.companyos.base.Role;
import com.companyos.dashboards.ExecutiveOverview;
import com.companyos.dashboards.OverviewService;
import com.companyos.security.DemoAccounts;
import com.companyos.support.As;
import com.companyos.support.Browser;
import com.companyos.support.ConsoleIT;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Timing;
import com.microsoft.playwright.Response;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The executive overview at scale (run by {@code BENCH_ONLY=overview bin/bench} or as part of {@code bin/bench}): the
 * whole product ({@link ConsoleIT}), then 1,000 tenants and the rollups of 10 million residency decisions (one receipt
 * each) over the last 30 days, seeded with {@code generate_series} SQL in the console's database. Measures
 * <ol>
 *     <li>the service call that assembles the overview ({@link OverviewService#assemble()}: the background refresh of
 *     the snapshot page views read), and</li>
 *     <li>the real HTTP server render: a signed-in executive's Chromium navigating to {@code /}, timed from the browser's
 *     request to the first byte of the UIDL response that carries the rendered overview (the server's share).</li>
 * </ol>
 * Raw receipts and decision logs live in the regions' own databases, which the overview never reads: its cost depends
 * on the rollup rows of the window (printed with the result), not on how many receipts exist.
 * Writes {@code target/bench/overview.json} ({@code bench.overview-out}).
 */
class OverviewLoad extends ConsoleIT {

    static final int TENANTS = Integer.getInteger("bench.overview.tenants", 1000);
    static final long DECISIONS = Long.getLong("bench.overview.decisions", 10_000_000L);
    static final int ITERATIONS = Integer.getInteger("bench.overview.iterations", 300);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Autowired
    OverviewService overview;
    @Autowired
    DSLContext db;
    @Autowired
    com.companyos.tenants.TenantService tenants;
    @Autowired
    com.companyos.residency.DecisionStatistics statistics;
    @Autowired
    com.companyos.dr.PostureService posture;
    @Autowired
    com.companyos.dr.DrillService drills;
    @Autowired
    com.companyos.approvals.ApprovalService approvals;

    @Test
    void the_overview_with_1000_tenants_and_10_million_receipts() throws Exception {
        awaitAllRegionsHealthy();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("loadAverageBefore", Files.readString(Path.of("/proc/loadavg")).trim());
        long seedStart = System.nanoTime();
        seed();
        report.put("seedSeconds", (System.nanoTime() - seedStart) / 1e9);
        report.put("tenants", db.fetchValue("select count(*) from tenant where status = 'ACTIVE'"));
        report.put("decisionsInRollups", db.fetchValue("select sum(decisions) from decision_rollup where hour >= now() - interval '30 days'"));
        report.put("rollupRows", db.fetchValue("select count(*) from decision_rollup"));
        report.put("regionRollupRows", db.fetchValue("select count(*) from decision_rollup_region"));

        ExecutiveOverview o = As.user("exec", Role.EXECUTIVE, () -> overview.assemble());
        assertThat(o.tenants().total()).isGreaterThanOrEqualTo(TENANTS);
        assertThat(o.decisions().allowed30d() + o.decisions().denied30d()).isGreaterThanOrEqualTo(DECISIONS * 95 / 100);
        List<Map<String, Object>> results = new ArrayList<>();
        results.add(measure("overview assembled (service call)", 50, ITERATIONS, () -> As.user("exec", Role.EXECUTIVE, () -> overview.assemble())));
        results.add(httpRender());
        report.put("results", results);
        // Where the assembly's time goes, part by part.
        List<Map<String, Object>> parts = new ArrayList<>();
        parts.add(measure("tenant census", 20, 100, () -> As.user("exec", Role.EXECUTIVE, () -> tenants.census())));
        parts.add(measure("decision rollups (24 h, 30 d, trends, per day, per region)", 20, 100,
                () -> As.user("exec", Role.EXECUTIVE, () -> statistics.platform())));
        parts.add(measure("DR posture per region (readiness of every tenant, lag)", 20, 100,
                () -> As.user("exec", Role.EXECUTIVE, () -> posture.regions())));
        parts.add(measure("last drill and open approvals", 20, 100,
                () -> As.user("exec", Role.EXECUTIVE, () -> List.of(drills.lastFinished(), approvals.open()))));
        report.put("parts", parts);
        report.put("loadAverageAfter", Files.readString(Path.of("/proc/loadavg")).trim());
        Path out = Path.of(System.getProperty("bench.overview-out", "target/bench/overview.json"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        JSON.writeValue(out.toFile(), report);
        System.out.println("[bench] overview: " + results);
    }

    /**
     * The real server render in a real browser: each navigation to "/" makes Vaadin build the view on the server and
     * answer it in one UIDL response; its time to first byte (request sent → first response byte, over loopback) is
     * the server's render time. The browser's own drawing afterwards is not counted.
     */
    private Map<String, Object> httpRender() {
        try (BrowserContext browser = Browser.newContext()) {
            Page page = Browser.signIn(browser, baseUrl(), "exec", DemoAccounts.PASSWORD);
            page.locator("[data-figure='tenants']").waitFor();
            long[] micros = new long[60];
            for (int i = -10; i < micros.length; i++) {
                Response rendered = page.waitForResponse(r -> r.url().contains("v-r=uidl") && bodyContains(r, "data-figure"),
                        () -> page.navigate(baseUrl() + "/"));
                Timing t = rendered.request().timing();
                if (i >= 0) {
                    micros[i] = Math.round((t.responseStart - t.requestStart) * 1000);
                }
                page.locator("companyos-chart[data-chart='failover-readiness'] svg").first().waitFor();
            }
            return summary("overview page rendered over HTTP (browser navigation, server time to first byte)", micros);
        }
    }

    /**
     * Whether a response's body holds {@code text}; false for a response of the page being navigated away from (a
     * heartbeat or poll still in flight), whose body the browser no longer has.
     */
    private static boolean bodyContains(Response response, String text) {
        try {
            return response.text().contains(text);
        } catch (com.microsoft.playwright.PlaywrightException navigatedAway) {
            return false;
        }
    }

    private static Map<String, Object> measure(String name, int warmup, int iterations, Supplier<?> call) {
        for (int i = 0; i < warmup; i++) {
            call.get();
        }
        long[] micros = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            call.get();
            micros[i] = (System.nanoTime() - t0) / 1000;
        }
        return summary(name, micros);
    }

    private static Map<String, Object> summary(String name, long[] micros) {
        int iterations = micros.length;
        Arrays.sort(micros);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("samples", iterations);
        m.put("p50Micros", OpenLoop.percentile(micros, micros.length, 50));
        m.put("p95Micros", OpenLoop.percentile(micros, micros.length, 95));
        m.put("p99Micros", OpenLoop.percentile(micros, micros.length, 99));
        m.put("maxMicros", micros[micros.length - 1]);
        System.out.println("[bench] " + m);
        return m;
    }

    /**
     * 1,000 tenants (70 % EU on eu-west/eu-central, 30 % US on us-east; a fifth residency-locked, 5 % asking for a DCP),
     * their decisions' hourly rollups over the last 30 days summing to 10 million (writes, replication batches, and
     * denials at ingress, export and egress), a finished drill for every third tenant, an hour of per-region lag.
     */
    private void seed() {
        db.execute("""
                insert into tenant (tenant_id, slug, name, contacts, residency_zone, residency_locked, primary_region, failover_region,
                    active_region, failover_allowed_operations, default_classification, retention_policy, dcp_requested, policy_channel,
                    status, created_at, created_by, manifest, manifest_sha256)
                select gen_random_uuid(), 'bench-' || lpad(i::text, 4, '0'), 'Bench tenant ' || i, '[]',
                    case when i % 10 < 7 then 'EU' else 'US' end, i % 5 = 0,
                    case when i % 10 < 7 then (case when i % 2 = 0 then 'eu-west' else 'eu-central' end) else 'us-east' end,
                    case when i % 10 < 7 then (case when i % 2 = 0 then 'eu-central' else 'eu-west' end) else 'eu-west' end,
                    case when i % 10 < 7 then (case when i % 2 = 0 then 'eu-west' else 'eu-central' end) else 'us-east' end,
                    'READ', 'internal', 'none', i % 20 = 0, 'standard', 'ACTIVE', now(), 'bench', 'bench', repeat('0', 64)
                from generate_series(1, :tenants) i
                """.replace(":tenants", Integer.toString(TENANTS)));
        // Per tenant-hour: writes and replication batches allowed; a few denials (ingress misdirected, pii export, egress).
        long perTenantHour = Math.max(4, (DECISIONS + TENANTS * 720L - 1) / (TENANTS * 720L));
        db.execute("""
                insert into decision_rollup (hour, region, tenant_slug, seam, allowed, decisions)
                select h, t.active_region, t.slug, s.seam, s.allowed,
                       case s.seam when 'WRITE' then :n - :n / 4 when 'REPLICATION' then :n / 4 else 1 end
                from tenant t
                cross join generate_series(date_trunc('hour', now()) - interval '719 hours', date_trunc('hour', now()), interval '1 hour') h
                cross join (values ('WRITE', true), ('REPLICATION', true), ('INGRESS', false), ('EXPORT', false), ('EGRESS', false)) s(seam, allowed)
                where t.created_by = 'bench'
                  and (s.allowed or (hashtext(t.slug || h::text || s.seam) % 97) = 0)
                on conflict do nothing
                """.replace(":n", Long.toString(perTenantHour)));
        db.execute("""
                insert into decision_rollup_region (hour, region, seam, allowed, decisions)
                select hour, region, seam, allowed, sum(decisions) from decision_rollup group by 1, 2, 3, 4
                on conflict (hour, region, seam, allowed) do update set decisions = excluded.decisions
                """);
        db.execute("""
                insert into dr_drill (drill_id, tenant_id, status, requested_by, fail_back, target_rpo_seconds, target_rto_seconds,
                    primary_region, standby_region, rpo_records, rpo_seconds, rto_seconds, passed, created_at, started_at, finished_at)
                select gen_random_uuid(), tenant_id, 'PASSED', 'bench', true, 1, 10, primary_region, failover_region, 0, 0.05, 0.6, true,
                       now() - interval '3 days', now() - interval '3 days', now() - interval '3 days'
                from tenant where created_by = 'bench' and hashtext(slug) % 3 = 0
                """);
        db.execute("""
                insert into replication_region_sample (region, sampled_at, tenants, max_seconds_behind, p95_seconds_behind, max_seq_behind)
                select r, s, 300, 0.2 + random() * 0.6, 0.1 + random() * 0.2, 5
                from unnest(array['eu-west', 'eu-central', 'us-east']) r
                cross join generate_series(now() - interval '1 hour', now() - interval '10 seconds', interval '10 seconds') s
                on conflict do nothing
                """);
        db.execute("analyze");
    }
}
