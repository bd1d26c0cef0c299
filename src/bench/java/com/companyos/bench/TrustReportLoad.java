package com.companyos.bench;

import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.companyos.trustreports.TrustReport;
import com.companyos.trustreports.TrustReportService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trust Report generation for a tenant with a million receipts (run by {@code bin/bench}, alone with
 * {@code BENCH_ONLY=trust-report}): the whole product as the embedded default runs it, a tenant in eu-west with one real
 * governed write, then {@code bench.receipts} (1,000,000) receipts of the real shape seeded into the eu-west agent's
 * PostgreSQL with {@code generate_series}, spread over the 30 days before the current hour (95 % writes, reads,
 * replication batches, denied exports and misdirected requests), sealed into hourly rollups by the agent. Then, timed
 * per iteration: {@code generate} (every region asked for the period's aggregates, facts kept) and {@code download}
 * (template, vector charts, PDF/A-3b, attachments, PAdES signature) for the 30 days plus the running hour.
 * Writes {@code target/bench/trust-report.json} for {@link TrustReportSection}.
 */
class TrustReportLoad extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Autowired
    TenantService tenants;
    @Autowired
    TrustReportService reports;

    @Test
    void trust_report_for_a_tenant_with_a_million_receipts() throws Exception {
        int receipts = Integer.getInteger("bench.receipts", 1_000_000);
        int iterations = Integer.getInteger("bench.iterations", 30);
        awaitAllRegionsHealthy();
        Tenant tenant = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("benchtrust"), false, "eu-west", "eu-central", null));
        String token = As.operator(() -> tenants.issueToken(tenant.slug(), "bench")).token();
        DataApi app = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), tenant.slug(), token);
        assertThat(app.put("seed", "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"x\"}").statusCode()).isEqualTo(200);

        String url = "jdbc:postgresql://localhost:" + GovernedWriteLoad.agentPostgresPort("eu-west") + "/companyos_agent";
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("receiptsSeeded", receipts);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            seed(s, tenant, receipts);
            result.put("seedSeconds", (System.nanoTime() - t0) / 1e9);
            System.out.println("[bench] seeded " + receipts + " receipts in " + result.get("seedSeconds") + " s");
            long t1 = System.nanoTime();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
            while (count(s, "select count(*) from receipt_rollup_pending where tenant_slug = '" + tenant.slug()
                    + "' and hour < date_trunc('hour', now()) - interval '1 hour'") > 0) {
                assertThat(Instant.now()).as("rollups sealed within 15 minutes").isBefore(deadline);
                sleep(1000);
            }
            result.put("sealSeconds", (System.nanoTime() - t1) / 1e9);
            result.put("rollupHours", count(s, "select count(*) from receipt_rollup where tenant_slug = '" + tenant.slug() + "'"));
            result.put("receiptsInRegion", count(s, "select count(*) from receipt where tenant_slug = '" + tenant.slug() + "'"));
            System.out.println("[bench] sealed " + result.get("rollupHours") + " hourly rollups in " + result.get("sealSeconds") + " s");
        }

        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant from = hour.minus(Duration.ofDays(30));
        Instant to = hour.plus(Duration.ofHours(1));
        List<double[]> samples = new ArrayList<>();
        TrustReport last = null;
        int pdfBytes = 0;
        for (int i = -3; i < iterations; i++) {
            long a = System.nanoTime();
            TrustReport report = As.officer("compliance1", () -> reports.generate(tenant.slug(), from, to));
            long b = System.nanoTime();
            TrustReportService.Download copy = As.officer("compliance1", () -> reports.download(report.id()));
            long c = System.nanoTime();
            if (i >= 0) {
                samples.add(new double[]{(c - a) / 1e6, (b - a) / 1e6, (c - b) / 1e6});
            }
            last = report;
            pdfBytes = copy.pdf().length;
        }
        assertThat(last.receipts()).isGreaterThanOrEqualTo(receipts);
        result.put("reportReceipts", last.receipts());
        result.put("pdfBytes", pdfBytes);
        result.put("iterations", iterations);
        result.put("periodDays", 30);
        result.put("total", percentiles(samples, 0));
        result.put("generate", percentiles(samples, 1));
        result.put("download", percentiles(samples, 2));
        result.put("loadAverage", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("[bench] trust report: " + result.get("total") + " (generate " + result.get("generate") + ", signed download "
                + result.get("download") + ")");
        Path out = Path.of(System.getProperty("bench.out", "target/bench/trust-report.json"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        JSON.writeValue(out.toFile(), result);
    }

    /**
     * Receipts of the real shape (the body's keys as a region signs them, canonical-length signatures), one decision per
     * thousand receipts: the decision chain's sealer would otherwise spend minutes sealing a million seeded decisions,
     * and the report never reads decisions.
     */
    private static void seed(Statement s, Tenant tenant, int receipts) throws Exception {
        String slug = tenant.slug();
        String where = "date_trunc('hour', now()) - interval '30 days'";
        s.execute("create temporary table bench_decision as select gen_random_uuid() as id, g from generate_series(0, " + ((receipts - 1) / 1000) + ") g");
        s.execute("insert into decision_log (decision_id, decided_at, tenant_id, tenant_slug, seam, action, principal, resource, context, allowed, "
                + "determining_policies, rationale, channel, bundle_version, bundle_sha256) "
                + "select d.id, " + where + " + d.g * interval '43 minutes', '" + tenant.id() + "', '" + slug + "', 'WRITE', 'write', "
                + "'Agent::\"eu-west\"', 'Tenant::\"" + slug + "\"', '{}', true, 'write-in-zone', 'bench seed', p.channel, p.version, p.bundle_sha256 "
                + "from bench_decision d, policy_bundle_state p where p.channel = 'standard'");
        s.execute("insert into receipt (receipt_id, issued_at, tenant_id, tenant_slug, seam, operation, allowed, decision_id, body, signature, key_id) "
                + "select r.id, r.at, '" + tenant.id() + "', '" + slug + "', r.seam, r.op, r.allowed, d.id, "
                + "jsonb_build_object('allowed', r.allowed, 'bundleSha256', p.bundle_sha256, 'bundleVersion', p.version, 'classification', 'internal', "
                + "'decisionId', d.id::text, 'issuedAt', to_char(r.at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), 'operation', r.op, "
                + "'payloadSha256', encode(sha256(r.id::text::bytea), 'hex'), 'policies', jsonb_build_array(case when r.allowed then 'write-in-zone' "
                + "else 'sensitive-export-stays-in-zone' end), 'receiptId', r.id::text, 'regionOfProcessing', 'eu-west', "
                + "'regionsOfStorage', jsonb_build_array('eu-west'), 'retention', '10-years', 'seam', r.seam, 'tenant', '" + slug + "', "
                + "'tenantId', '" + tenant.id() + "')::text, encode(sha512(r.id::text::bytea), 'base64'), 'region-eu-west' "
                + "from (select gen_random_uuid() as id, g, " + where + " + g * (interval '30 days' / " + receipts + ") as at, "
                + "case when g % 100 < 95 then 'WRITE' when g % 100 < 97 then 'READ' when g % 100 < 98 then 'REPLICATION' "
                + "when g % 100 < 99 then 'EXPORT' else 'INGRESS' end as seam, "
                + "case when g % 100 < 98 then true else false end as allowed, 'PUT record invoice-' || g as op "
                + "from generate_series(0, " + (receipts - 1) + ") g) r "
                + "join bench_decision d on d.g = r.g / 1000, policy_bundle_state p where p.channel = 'standard'");
        s.execute("analyze receipt");
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static Map<String, Double> percentiles(List<double[]> samples, int column) {
        double[] v = samples.stream().mapToDouble(x -> x[column]).sorted().toArray();
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("p50Millis", at(v, 0.50));
        m.put("p95Millis", at(v, 0.95));
        m.put("p99Millis", at(v, 0.99));
        m.put("maxMillis", v[v.length - 1]);
        m.put("meanMillis", Arrays.stream(v).average().orElse(0));
        return m;
    }

    /** Nearest-rank percentile. */
    private static double at(double[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
