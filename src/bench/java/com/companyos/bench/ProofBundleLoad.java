package com.companyos.bench;

import com.companyos.agentapi.control.ProofBundleJob;
import com.companyos.base.Hashing;
import com.companyos.pki.SigningKey;
import com.companyos.residency.ProofBundleService;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.Shell;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static com.companyos.db.Tables.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The residency proof bundle of a tenant with a million receipts (run by {@code bin/bench}, alone with
 * {@code BENCH_ONLY=proof-bundle}): the whole product as the embedded default runs it, a tenant in eu-west with one real
 * governed write, then {@code bench.receipts} (1,000,000) receipts of the real shape over the 30 days before the current
 * hour, <b>signed for real</b> with the eu-west region's Ed25519 key (canonical JSON bodies, signed in parallel, loaded
 * with {@code COPY}), so the bundle's own verifier has real signatures to check. Then two builds, each downloaded
 * through the console as a person's download is ({@link ProofBundleService#download}, the agent's zip relayed as it is
 * written): the first timed, with the agent's resident memory sampled; the second with the agent's heap measured (a
 * full GC of the agent every few seconds, so what is left is what the build holds). The first bundle is then checked
 * with the commands of its VERIFY.md. Writes {@code target/bench/proof-bundle.json} for {@link ProofBundleSection}.
 */
class ProofBundleLoad extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern HEAP_USED = Pattern.compile("(?:generation|heap)\\s+total \\d+K, used (\\d+)K");

    @Autowired
    TenantService tenants;
    @Autowired
    ProofBundleService bundles;
    @Autowired
    DSLContext db;

    @Test
    void proof_bundle_of_a_tenant_with_a_million_receipts() throws Exception {
        int receipts = Integer.getInteger("bench.receipts", 1_000_000);
        int sample = Integer.getInteger("bench.verify-sample", 2000);
        awaitAllRegionsHealthy();
        Tenant tenant = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("benchproof"), false, "eu-west", "eu-central", null));
        String token = As.operator(() -> tenants.issueToken(tenant.slug(), "bench")).token();
        DataApi app = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), tenant.slug(), token);
        assertThat(app.put("seed", "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"x\"}").statusCode()).isEqualTo(200);

        // The seeded receipts are this tenant's only if it existed then (evidence kept by slug from before a tenant's
        // creation is an earlier tenant's, and bundles leave it out): the tenant is made 31 days old.
        db.update(TENANT).set(TENANT.CREATED_AT, Instant.now().minus(Duration.ofDays(31)).atOffset(ZoneOffset.UTC))
                .where(TENANT.TENANT_ID.eq(tenant.id())).execute();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("receiptsSeeded", receipts);
        String url = "jdbc:postgresql://localhost:" + GovernedWriteLoad.agentPostgresPort("eu-west") + "/companyos_agent";
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            seed(c, s, tenant, receipts);
            result.put("seedSeconds", (System.nanoTime() - t0) / 1e9);
            System.out.println("[bench] seeded and signed " + receipts + " receipts in " + result.get("seedSeconds") + " s");
            // The agent seals the seeded hours into rollups in the background; let it finish so it does not share the build's CPU.
            Instant deadline = Instant.now().plus(Duration.ofMinutes(15));
            while (count(s, "select count(*) from receipt_rollup_pending where tenant_slug = '" + tenant.slug()
                    + "' and hour < date_trunc('hour', now()) - interval '1 hour'") > 0) {
                assertThat(Instant.now()).as("rollups sealed within 15 minutes").isBefore(deadline);
                sleep(1000);
            }
            result.put("receiptsInRegion", count(s, "select count(*) from receipt where tenant_slug = '" + tenant.slug() + "'"));
        }

        long agent = agentPid("eu-west");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant from = hour.minus(Duration.ofDays(30));
        Instant to = hour.plus(Duration.ofHours(1));
        Path out = Path.of(System.getProperty("bench.bundle-dir", "target/bench/proof-bundle"));
        deleteTree(out);
        Files.createDirectories(out);
        Path zip = out.resolve("bundle.zip");

        // 1. Timed: start (count + decision + receipt) and download (built while it streams), RSS sampled.
        long baseRss = rssKib(agent);
        AtomicLong peakRss = new AtomicLong(baseRss);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread rss = new Thread(() -> {
            while (running.get()) {
                peakRss.accumulateAndGet(rssKib(agent), Math::max);
                sleep(100);
            }
        });
        rss.start();
        long a = System.nanoTime();
        ProofBundleJob job = As.officer("compliance1", () -> bundles.start(tenant.slug(), from, to));
        long firstByte;
        Counting counted;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(zip), 1 << 16)) {
            counted = new Counting(file);
            As.officer("compliance1", () -> {
                try {
                    return bundles.download(tenant.slug(), job.jobId(), counted);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        long b = System.nanoTime();
        running.set(false);
        rss.join();
        firstByte = counted.firstByteAt;
        ProofBundleJob delivered = As.officer("compliance1", () -> bundles.job(tenant.slug(), job.jobId()));
        assertThat(delivered.status()).isEqualTo("DELIVERED");
        assertThat(delivered.size()).isEqualTo(counted.count);
        assertThat(delivered.done()).isGreaterThanOrEqualTo(receipts);
        result.put("bundleReceipts", delivered.done());
        result.put("buildSeconds", (b - a) / 1e9);
        result.put("firstByteSeconds", (firstByte - a) / 1e9);
        result.put("zipBytes", counted.count);
        result.put("agentRssDeltaMiB", (peakRss.get() - baseRss) / 1024.0);
        System.out.println("[bench] proof bundle of " + delivered.done() + " receipts: " + result.get("buildSeconds") + " s, "
                + counted.count + " bytes, first byte after " + result.get("firstByteSeconds") + " s");

        // 2. Heap: the same bundle again, the agent's live heap read after a full GC every 3 s of the build.
        long baseHeap = liveHeapKib(agent);
        // A control: the same samples over as long with no build, for what the agent holds anyway (background work).
        List<Long> idle = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sleep(3000);
            idle.add(liveHeapKib(agent));
        }
        long idlePeak = idle.stream().mapToLong(Long::longValue).max().orElse(baseHeap);
        List<Long> live = new ArrayList<>();
        List<Long> beforeGc = new ArrayList<>();
        AtomicBoolean building = new AtomicBoolean(true);
        Thread heap = new Thread(() -> {
            while (building.get()) {
                sleep(3000);
                if (building.get()) {
                    beforeGc.add(heapKib(agent));
                    live.add(liveHeapKib(agent));
                }
            }
        });
        ProofBundleJob second = As.officer("compliance1", () -> bundles.start(tenant.slug(), from, to));
        heap.start();
        long c0 = System.nanoTime();
        As.officer("compliance1", () -> {
            try {
                return bundles.download(tenant.slug(), second.jobId(), OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        long c1 = System.nanoTime();
        building.set(false);
        heap.join();
        long peakLive = live.stream().mapToLong(Long::longValue).max().orElse(baseHeap);
        result.put("heapBaselineMiB", baseHeap / 1024.0);
        result.put("heapLiveSamplesMiB", live.stream().map(k -> k / 1024.0).toList());
        result.put("heapDeltaMiB", (peakLive - baseHeap) / 1024.0);
        result.put("heapIdleSamplesMiB", idle.stream().map(k -> k / 1024.0).toList());
        result.put("heapDeltaOverIdleMiB", (peakLive - Math.max(baseHeap, idlePeak)) / 1024.0);
        result.put("heapUsedBeforeGcPeakMiB", beforeGc.stream().mapToLong(Long::longValue).max().orElse(0) / 1024.0);
        result.put("secondBuildSeconds", (c1 - c0) / 1e9);
        result.put("agentJvmOptions", agentJvmOptions(agent));
        System.out.println("[bench] agent heap during a build: +" + result.get("heapDeltaMiB") + " MiB live (" + live.size() + " samples)");

        // 3. The first bundle, checked offline with the commands of its own VERIFY.md (signatures: a random sample).
        Path root = unzip(zip, out).resolve(tenant.slug() + "-residency-proof");
        Map<String, Object> checks = new LinkedHashMap<>();
        long v0 = System.nanoTime();
        boolean allOk = true;
        for (String command : commands(Files.readString(root.resolve("VERIFY.md")))) {
            String run = command.equals("python3 verify.py") ? "python3 verify.py --sample " + sample : command;
            Shell.Result r = Shell.sh(root, run);
            boolean ok = r.ok() && !r.output().contains("FAILED") && !r.output().contains("BAD");
            allOk &= ok;
            checks.put(run, ok ? "OK" : "FAILED: " + r.output());
            if (run.startsWith("python3 verify.py --sample")) {
                result.put("verifyOutput", r.output().strip());
            }
        }
        result.put("verifySeconds", (System.nanoTime() - v0) / 1e9);
        result.put("verifyChecks", checks);
        result.put("verified", allOk);
        result.put("verifySample", sample);
        result.put("receiptsJsonlBytes", Files.size(root.resolve("receipts.jsonl")));
        result.put("files", fileCount(root));
        result.put("loadAverage", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("[bench] verified with VERIFY.md's commands: " + allOk + " in " + result.get("verifySeconds") + " s");
        deleteTree(out);

        Path json = Path.of(System.getProperty("bench.out", "target/bench/proof-bundle.json"));
        Files.createDirectories(json.toAbsolutePath().getParent());
        JSON.writeValue(json.toFile(), result);
        assertThat(allOk).as(String.valueOf(checks)).isTrue();
    }

    /**
     * One decision per thousand receipts (as the Trust Report case seeds them), then the receipts: bodies of the real
     * shape as canonical JSON, each signed with the region's key ({@link SigningKey#signJson}, as the agent signs),
     * computed in parallel in blocks and streamed into {@code COPY receipt FROM STDIN}.
     */
    private static void seed(Connection c, Statement s, Tenant tenant, int receipts) throws Exception {
        String slug = tenant.slug();
        Path pki = DATA_DIR.resolve("agents/eu-west/pki");
        SigningKey key = SigningKey.load(pki.resolve("region-eu-west-signing.key"), pki.resolve("region-eu-west-signing.crt"));
        String where = "date_trunc('hour', now()) - interval '30 days'";
        s.execute("create temporary table bench_decision as select gen_random_uuid() as id, g from generate_series(0, " + ((receipts - 1) / 1000) + ") g");
        s.execute("insert into decision_log (decision_id, decided_at, tenant_id, tenant_slug, seam, action, principal, resource, context, allowed, "
                + "determining_policies, rationale, channel, bundle_version, bundle_sha256) "
                + "select d.id, " + where + " + d.g * interval '43 minutes', '" + tenant.id() + "', '" + slug + "', 'WRITE', 'write', "
                + "'Agent::\"eu-west\"', 'Tenant::\"" + slug + "\"', '{}', true, 'write-in-zone', 'bench seed', p.channel, p.version, p.bundle_sha256 "
                + "from bench_decision d, policy_bundle_state p where p.channel = 'standard'");
        List<String> decisions = new ArrayList<>();
        try (ResultSet r = s.executeQuery("select id from bench_decision order by g")) {
            while (r.next()) {
                decisions.add(r.getString(1));
            }
        }
        String version;
        String bundleSha;
        Instant start;
        try (ResultSet r = s.executeQuery("select version, bundle_sha256, " + where + " from policy_bundle_state where channel = 'standard'")) {
            r.next();
            version = r.getString(1);
            bundleSha = r.getString(2);
            start = r.getTimestamp(3).toInstant();
        }
        long spanMicros = Duration.ofDays(30).toNanos() / 1000;
        String keyId = key.keyId();
        String tenantId = tenant.id().toString();
        try (Writer copy = new OutputStreamWriter(new BufferedOutputStream(new PGCopyOutputStream(c.unwrap(PGConnection.class),
                "copy receipt (receipt_id, issued_at, tenant_id, tenant_slug, seam, operation, allowed, decision_id, body, signature, key_id) "
                        + "from stdin with (format csv)"), 1 << 20), StandardCharsets.UTF_8)) {
            int block = 20_000;
            for (int from = 0; from < receipts; from += block) {
                int base = from;
                List<String> rows = IntStream.range(base, Math.min(receipts, base + block)).parallel().mapToObj(g -> {
                    UUID id = UUID.randomUUID();
                    Instant at = start.plus(g * spanMicros / receipts, ChronoUnit.MICROS);
                    int kind = g % 100;
                    String seam = kind < 95 ? "WRITE" : kind < 97 ? "READ" : kind < 98 ? "REPLICATION" : kind < 99 ? "EXPORT" : "INGRESS";
                    boolean allowed = kind < 98;
                    String op = "PUT record invoice-" + g;
                    String decision = decisions.get(g / 1000);
                    Map<String, Object> body = new TreeMap<>();
                    body.put("allowed", allowed);
                    body.put("bundleSha256", bundleSha);
                    body.put("bundleVersion", version);
                    body.put("classification", "internal");
                    body.put("decisionId", decision);
                    body.put("issuedAt", MICROS.format(at));
                    body.put("operation", op);
                    body.put("payloadSha256", Hashing.sha256Hex(id.toString()));
                    body.put("policies", List.of(allowed ? "write-in-zone" : "sensitive-export-stays-in-zone"));
                    body.put("receiptId", id.toString());
                    body.put("regionOfProcessing", "eu-west");
                    body.put("regionsOfStorage", List.of("eu-west"));
                    body.put("retention", "10-years");
                    body.put("seam", seam);
                    body.put("tenant", slug);
                    body.put("tenantId", tenantId);
                    SigningKey.SignedJson signed = key.signJson(body);
                    return id + "," + MICROS.format(at) + "," + tenantId + "," + slug + "," + seam + "," + op + "," + allowed + "," + decision
                            + ",\"" + signed.body().replace("\"", "\"\"") + "\"," + signed.signature() + "," + keyId + "\n";
                }).toList();
                for (String row : rows) {
                    copy.write(row);
                }
            }
        }
        s.execute("analyze receipt");
    }

    /** The agent JVM of {@code region} started by this run's console (a child of this JVM). */
    private static long agentPid(String region) {
        return ProcessHandle.current().children().filter(p -> p.info().commandLine().map(c -> c.contains("--role=agent")
                && (c.contains("--region=" + region + " ") || c.endsWith("--region=" + region))).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("No " + region + " agent process")).pid();
    }

    private static String agentJvmOptions(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().arguments()).map(args -> String.join(" ",
                Arrays.stream(args).filter(x -> x.startsWith("-X")).toList())).orElse("?");
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** The agent's heap in use now (young and old generation, garbage included). */
    private static long heapKib(long pid) {
        return used(jcmd(pid, "GC.heap_info"));
    }

    /**
     * The agent's heap after a full collection: what is still referenced (the class histogram collects first and
     * counts only live objects); its largest classes go to the log, to show what a build holds.
     */
    private static long liveHeapKib(long pid) {
        String histogram = jcmd(pid, "GC.class_histogram");
        String[] lines = histogram.split("\n");
        StringBuilder top = new StringBuilder("[bench-heap] live objects, largest classes:");
        for (int i = 0; i < Math.min(lines.length, 15); i++) {
            top.append("\n  ").append(lines[i]);
        }
        System.out.println(top);
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("Total")) {
                String[] f = lines[i].trim().split("\\s+");
                return Long.parseLong(f[2]) / 1024;
            }
        }
        jcmd(pid, "GC.run");
        return used(jcmd(pid, "GC.heap_info"));
    }

    private static long used(String heapInfo) {
        Matcher m = HEAP_USED.matcher(heapInfo);
        long kib = 0;
        while (m.find()) {
            kib += Long.parseLong(m.group(1));
        }
        return kib;
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The indented command lines of VERIFY.md, in order. */
    private static List<String> commands(String verifyMd) {
        List<String> commands = new ArrayList<>();
        for (String line : verifyMd.split("\n")) {
            if (line.startsWith("    ") && !line.isBlank()) {
                commands.add(line.strip());
            }
        }
        return commands;
    }

    private static Path unzip(Path zip, Path dir) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path target = dir.resolve(e.getName()).normalize();
                assertThat(target.startsWith(dir)).isTrue();
                Files.createDirectories(target.getParent());
                Files.copy(z, target);
            }
        }
        return dir;
    }

    private static long fileCount(Path root) throws IOException {
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Counts what reaches the file, and when the first byte arrived. */
    private static final class Counting extends FilterOutputStream {
        long count;
        long firstByteAt;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (count == 0 && len > 0) {
                firstByteAt = System.nanoTime();
            }
            out.write(b, off, len);
            count += len;
        }
    }
}
