package com.companyos.bench;

import com.companyos.base.Hashing;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The governed-write load test (run by {@code bin/bench}, never by {@code ./mvnw verify}): the whole product as the
 * embedded default runs it ({@link ConsoleIT}), a tenant in eu-west with an API token, and then, in one run:
 * <ol>
 *     <li>governed writes ({@code PUT /data/v1/tenants/{slug}/records/{key}}: token check, Cedar decision, regional
 *     commit of record + decision + signed receipt) at a fixed open-loop rate against the eu-west agent over HTTPS
 *     with keep-alive;</li>
 *     <li>raw JDBC {@code INSERT} + {@code COMMIT} of a row of the same shape, at the same rate, into a scratch table in
 *     the eu-west agent's own PostgreSQL (same server, same durability settings).</li>
 * </ol>
 * Each is warmed up first; latency is measured from each operation's scheduled time (see {@link OpenLoop}). The
 * result goes to {@code target/bench/load.json} for {@link BenchReport}.
 *
 * <p>Settings (system properties): {@code bench.rate} (500), {@code bench.warmup} (seconds, 10),
 * {@code bench.duration} (seconds, 25), {@code bench.http-connections} (most requests in flight, 32),
 * {@code bench.connections} (JDBC connections, 8), {@code bench.out}, {@code bench.jfr} (a file: record the eu-west
 * agent with Java Flight Recorder during the measured governed writes).
 */
class GovernedWriteLoad extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Autowired
    TenantService tenants;
    @Autowired
    com.companyos.dr.FailoverService failover;
    @Autowired
    com.companyos.dr.DrillService drills;
    @Autowired
    com.companyos.approvals.ApprovalService approvals;
    @Autowired
    com.companyos.regions.RegionAgents agents;

    private Map<String, Object> drill() {
        Tenant t = TestTenants.createUnlocked(tenants, new com.companyos.tenants.TenantRequest("Tenant drill", TestTenants.slug("benchdrill"),
                List.of(new com.companyos.tenants.Contact("Dana Privacy", "dana@bench.example", "DPO")), "EU", false, "eu-west", "eu-central",
                List.of("READ", "WRITE"), "internal", "none", false, "bench drill"));
        com.companyos.dr.Drill d = As.operator(() -> drills.request(t.slug(), true, "benchmark RTO"));
        TestTenants.approveTwice(approvals, d.approvalRequestId());
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(4);
        com.companyos.dr.Drill done = d;
        while (System.nanoTime() < deadline && !done.finished()) {
            sleep(500);
            done = As.operator(() -> drills.find(d.id())).orElseThrow();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", done.status());
        m.put("rtoSeconds", done.rtoSeconds());
        m.put("rpoSeconds", done.rpoSeconds());
        m.put("rpoRecords", done.rpoRecords());
        m.put("error", done.error());
        m.put("steps", done.steps().stream().map(st -> Map.of("name", st.name(), "seconds", st.seconds() == null ? -1 : st.seconds())).toList());
        System.out.println("[bench] DR drill: " + m);
        return m;
    }

    /** Samples the active region's replication lag for one tenant every 200 ms. */
    static final class LagSampler {
        private final com.companyos.regions.RegionAgents agents;
        private final Tenant tenant;
        private final List<Double> seconds = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile boolean running = true;
        private Thread thread;

        LagSampler(com.companyos.regions.RegionAgents agents, Tenant tenant) {
            this.agents = agents;
            this.tenant = tenant;
        }

        void start() {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        agents.client(EU_WEST).get(com.companyos.agentapi.AgentPaths.tenantReplication(tenant.id().toString()),
                                com.companyos.agentapi.ReplicationStatus.class).ifPresent(s -> seconds.add(s.secondsBehind()));
                    } catch (RuntimeException e) {
                        // a missed sample
                    }
                    sleep(200);
                }
            }, "bench-lag");
            thread.start();
        }

        Map<String, Object> stop() throws InterruptedException {
            running = false;
            thread.join();
            List<Double> sorted = new ArrayList<>(seconds);
            java.util.Collections.sort(sorted);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("samples", sorted.size());
            m.put("p50Seconds", pct(sorted, 0.50));
            m.put("p95Seconds", pct(sorted, 0.95));
            m.put("p99Seconds", pct(sorted, 0.99));
            m.put("maxSeconds", sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1));
            System.out.println("[bench] async replication lag: " + m);
            return m;
        }

        private static double pct(List<Double> sorted, double q) {
            return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
        }
    }

    final int rate = Integer.getInteger("bench.rate", 500);
    final double warmup = Double.parseDouble(System.getProperty("bench.warmup", "10"));
    final double duration = Double.parseDouble(System.getProperty("bench.duration", "25"));
    final int connections = Integer.getInteger("bench.connections", 8);
    final int httpConnections = Integer.getInteger("bench.http-connections", 32);
    final Path out = Path.of(System.getProperty("bench.out", "target/bench/load.json"));

    @Test
    void governed_writes_then_raw_jdbc_at_the_same_rate() throws Exception {
        awaitAllRegionsHealthy();
        Tenant tenant = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("bench"), false, "eu-west", "eu-central", null));
        String token = As.operator(() -> tenants.issueToken(tenant.slug(), "bench")).token();
        int dataPort = DATA_PORTS.get(EU_WEST);
        // The first write through the tests' own client: the set-up works before any load is applied.
        assertThat(new DataApi(DATA_DIR.resolve("pki/ca.crt"), dataPort, tenant.slug(), token)
                .put("bench-probe", body("probe")).statusCode()).isEqualTo(200);

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("startedAt", Instant.now().toString());
        report.put("loadAverageBefore", loadAverage());
        report.put("tenant", tenant.slug());
        report.put("agentJvm", agentCommandLine());

        // 1. Governed writes over HTTPS (server TLS with the CompanyOS CA, tenant API token), keep-alive connections.
        // A plain blocking HTTPS client, one thread per keep-alive connection: the load client shares the machine's two
        // cores with everything it measures, and java.net.http's asynchronous machinery (about 1.2 ms of CPU per request)
        // and HttpsURLConnection (about 1 ms) cost as much as the agent's own TLS and HTTP handling; see RawHttps.
        // At most this many requests in flight, so at most this many keep-alive connections: an open-loop client that
        // opened a connection per waiting request would measure a TLS handshake storm, not the write path. Requests
        // past the limit wait in the client, and that wait counts (latency runs from the scheduled time).
        Clients http = new Clients(httpConnections, DataApi.trusting(DATA_DIR.resolve("pki/ca.crt")).getSocketFactory(), dataPort);
        String base = "/data/v1/tenants/" + tenant.slug() + "/records/";
        List<OpenLoop.Result> results = new ArrayList<>();
        OpenLoop.Result sequentialWarm = OpenLoop.sequential("governed write, one at a time (warm-up)", 300,
                i -> http.here(c -> put(c, base + "s-" + i, token, i)));
        System.out.println("[bench] " + sequentialWarm.line());
        OpenLoop.Result httpWarm = OpenLoop.run("governed write (warm-up)", rate, warmup, 20,
                i -> http.submit(c -> put(c, base + "w-" + i, token, i)));
        System.out.println("[bench] " + httpWarm.line());
        http.settle();
        CpuAccount cpu = new CpuAccount(DATA_DIR, EU_WEST.value());
        Jfr jfr = Jfr.startOnAgent(EU_WEST.value());
        CpuAccount.Snapshot before = cpu.snapshot();
        // Asynchronous replication lag while the load runs: the eu-west agent's own measure (age of the oldest change
        // the standby has not acknowledged), sampled every 200 ms over its control API.
        LagSampler lag = new LagSampler(agents, tenant);
        lag.start();
        OpenLoop.Result governed = OpenLoop.run("governed write", rate, duration, 30,
                i -> http.submit(c -> put(c, base + "m-" + i, token, i)));
        report.put("asyncReplicationLag", lag.stop());
        report.put("governedWriteCpu", CpuAccount.between(before, cpu.snapshot(), governed.succeeded()));
        jfr.stop();
        http.settle();
        System.out.println("[bench] " + governed.line());
        System.out.println("[bench] CPU during governed writes: " + report.get("governedWriteCpu"));
        // The service time of one write once everything is warm: a closed loop, one request at a time.
        OpenLoop.Result sequential = OpenLoop.sequential("governed write, one at a time", 300,
                i -> http.here(c -> put(c, base + "q-" + i, token, i)));
        System.out.println("[bench] " + sequential.line());
        results.add(governed);
        results.add(sequential);
        if (Boolean.getBoolean("bench.quick")) { // profiling runs: the asynchronous governed writes only
            report.put("results", results.stream().map(OpenLoop.Result::toMap).toList());
            Files.createDirectories(out.toAbsolutePath().getParent());
            JSON.writeValue(out.toFile(), report);
            http.close();
            return;
        }

        // The same writes with synchronous replication: each is acknowledged only once eu-central has it (RPO 0).
        As.operator(() -> failover.replicationMode(tenant.slug(), "SYNC", "benchmark: synchronous mode"));
        sleep(1000);
        OpenLoop.Result syncWarm = OpenLoop.run("governed write, synchronous replication (warm-up)", rate, Math.min(warmup, 5), 20,
                i -> http.submit(c -> put(c, base + "sw-" + i, token, i)));
        System.out.println("[bench] " + syncWarm.line());
        http.settle();
        OpenLoop.Result sync = OpenLoop.run("governed write, synchronous replication", rate, duration, 30,
                i -> http.submit(c -> put(c, base + "sy-" + i, token, i)));
        http.settle();
        System.out.println("[bench] " + sync.line());
        results.add(sync);
        As.operator(() -> failover.replicationMode(tenant.slug(), "ASYNC", "benchmark done"));
        http.close();

        // 2. Raw JDBC insert + commit into the eu-west agent's own PostgreSQL.
        int pgPort = agentPostgresPort("eu-west");
        String url = "jdbc:postgresql://localhost:" + pgPort + "/companyos_agent";
        report.put("rawJdbcTarget", url + " (the eu-west agent's PostgreSQL, table bench.scratch_record)");
        try (Connection admin = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = admin.createStatement()) {
            s.execute("create schema if not exists bench");
            s.execute("drop table if exists bench.scratch_record");
            s.execute("create table bench.scratch_record (record_key text primary key, classification text not null, "
                    + "retention_until date not null, retention_policy text, payload bytea not null, payload_sha256 text not null, "
                    + "created_at timestamptz not null, updated_at timestamptz not null)");
            report.put("postgresSettings", settings(admin));
        }
        List<Connection> opened = new ArrayList<>();
        ThreadLocal<PreparedStatement> insert = ThreadLocal.withInitial(() -> {
            try {
                Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                c.setAutoCommit(false);
                synchronized (opened) {
                    opened.add(c);
                }
                return c.prepareStatement("insert into bench.scratch_record (record_key, classification, retention_until, retention_policy, "
                        + "payload, payload_sha256, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        ExecutorService jdbcPool = Executors.newFixedThreadPool(connections);
        OpenLoop.Result jdbcWarm = OpenLoop.run("raw JDBC (warm-up)", rate, Math.min(warmup, 5), 30,
                i -> CompletableFuture.supplyAsync(() -> jdbcInsert(insert.get(), "w-" + i), jdbcPool));
        System.out.println("[bench] " + jdbcWarm.line());
        CpuAccount.Snapshot jdbcBefore = cpu.snapshot();
        OpenLoop.Result jdbc = OpenLoop.run("raw JDBC insert+commit", rate, duration, 30,
                i -> CompletableFuture.supplyAsync(() -> jdbcInsert(insert.get(), "m-" + i), jdbcPool));
        report.put("rawJdbcCpu", CpuAccount.between(jdbcBefore, cpu.snapshot(), jdbc.succeeded()));
        System.out.println("[bench] " + jdbc.line());
        System.out.println("[bench] CPU during raw JDBC: " + report.get("rawJdbcCpu"));
        OpenLoop.Result jdbcSequential = OpenLoop.sequential("raw JDBC, one at a time", 300,
                i -> CompletableFuture.supplyAsync(() -> jdbcInsert(insert.get(), "q-" + i), jdbcPool));
        System.out.println("[bench] " + jdbcSequential.line());
        results.add(jdbc);
        results.add(jdbcSequential);
        jdbcPool.shutdown();
        jdbcPool.awaitTermination(10, TimeUnit.SECONDS);
        for (Connection c : opened) {
            c.close();
        }
        try (Connection admin = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = admin.createStatement()) {
            s.execute("drop schema bench cascade");
        }

        // RTO: a DR drill of a fresh tenant (SIGKILL of the eu-west agent → first write acknowledged by eu-central).
        report.put("drill", drill());
        report.put("loadAverageAfter", loadAverage());
        report.put("warmupSeconds", warmup);
        report.put("httpConnections", httpConnections);
        report.put("jdbcConnections", connections);
        report.put("results", results.stream().map(OpenLoop.Result::toMap).toList());
        Files.createDirectories(out.toAbsolutePath().getParent());
        JSON.writeValue(out.toFile(), report);
        System.out.println("[bench] wrote " + out.toAbsolutePath());
        assertThat(governed.succeeded()).as("governed writes succeeded").isPositive();
        assertThat(jdbc.succeeded()).as("raw JDBC inserts succeeded").isPositive();
    }

    private static String put(RawHttps connection, String path, String token, long i) {
        try {
            RawHttps.Response r = connection.send("PUT", path, "Bearer " + token, body("load " + i).getBytes(StandardCharsets.UTF_8));
            return r.status() == 200 ? null : "HTTP " + r.status() + ": " + abbreviate(r.body());
        } catch (java.io.IOException | RuntimeException e) {
            return e.toString();
        }
    }

    /** A record like an application's: ~200 bytes of internal data, no retention. */
    static String body(String label) {
        return "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"" + payload(label) + "\"}";
    }

    static String payload(String label) {
        return (label + " " + "lorem ipsum dolor sit amet ".repeat(8)).substring(0, 200);
    }

    private static String jdbcInsert(PreparedStatement insert, String key) {
        byte[] payload = payload("load " + key).getBytes(StandardCharsets.UTF_8);
        Timestamp now = Timestamp.from(Instant.now());
        try {
            insert.setString(1, key);
            insert.setString(2, "internal");
            insert.setObject(3, LocalDate.now());
            insert.setString(4, "none");
            insert.setBytes(5, payload);
            insert.setString(6, Hashing.sha256Hex(payload));
            insert.setTimestamp(7, now);
            insert.setTimestamp(8, now);
            insert.executeUpdate();
            insert.getConnection().commit();
            return null;
        } catch (SQLException e) {
            try {
                insert.getConnection().rollback();
            } catch (SQLException ignored) {
                // the error below is what matters
            }
            return e.getMessage();
        }
    }

    /** The port of the agent's embedded PostgreSQL: line 4 of its postmaster.pid. */
    static int agentPostgresPort(String region) throws Exception {
        Path pid = DATA_DIR.resolve("agents").resolve(region).resolve("postgres").resolve("postmaster.pid");
        return Integer.parseInt(Files.readAllLines(pid).get(3).trim());
    }

    private static Map<String, String> settings(Connection c) throws SQLException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : List.of("fsync", "synchronous_commit", "wal_sync_method", "shared_buffers", "server_version")) {
            try (var rs = c.createStatement().executeQuery("show " + name)) {
                rs.next();
                m.put(name, rs.getString(1));
            }
        }
        return m;
    }

    private static String agentCommandLine() {
        return ProcessHandle.current().children()
                .map(p -> p.info().arguments().map(a -> String.join(" ", a)).orElse(""))
                .filter(a -> a.contains("--region=eu-west"))
                .map(a -> a.replaceAll("\\s--companyos\\.[^ ]*", "").trim())
                .findFirst().orElse("unknown");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }


    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /**
     * The load client: blocking HTTPS on a fixed pool of threads, one keep-alive {@link RawHttps} connection each, so at
     * most that many requests are in flight and the rest wait in the pool's queue, in arrival order. A request goes from
     * the open loop's thread straight to a pool thread, which sends it, reads the answer and completes its future (where
     * the open loop takes the time): one hand-off between threads per request, since on two busy cores every wake-up of
     * another thread can cost the measurement a scheduling delay that is the client's, not the agent's.
     */
    static final class Clients implements AutoCloseable {
        private final ExecutorService pool;
        private final ThreadLocal<RawHttps> connection;
        private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean abandon;

        Clients(int connections, javax.net.ssl.SSLSocketFactory tls, int port) {
            pool = Executors.newFixedThreadPool(connections);
            connection = ThreadLocal.withInitial(() -> new RawHttps(tls, "localhost", port));
        }

        /** Sends on a pool thread's connection; the future completes with null (success) or what went wrong. */
        CompletableFuture<String> submit(java.util.function.Function<RawHttps, String> request) {
            CompletableFuture<String> result = new CompletableFuture<>();
            pending.incrementAndGet();
            pool.execute(() -> {
                try {
                    result.complete(abandon ? "abandoned after the phase ended" : request.apply(connection.get()));
                } catch (RuntimeException e) {
                    result.complete(e.toString());
                } finally {
                    pending.decrementAndGet();
                }
            });
            return result;
        }

        /** Sends on the calling thread's own connection (a closed loop). */
        CompletableFuture<String> here(java.util.function.Function<RawHttps, String> request) {
            return CompletableFuture.completedFuture(request.apply(connection.get()));
        }

        /**
         * After an overloaded phase: drops the requests still waiting in the client (that phase already counted them as
         * timed out) and waits for those in flight, so the next phase starts on an idle server.
         */
        void settle() throws InterruptedException {
            abandon = true;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (pending.get() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(pending.get() + " requests still in flight after 120 s");
                }
                Thread.sleep(10);
            }
            abandon = false;
        }

        @Override
        public void close() {
            pool.shutdown();
        }
    }

    /** Java Flight Recorder on the region's agent process (jcmd), when {@code bench.jfr} names a file. */
    record Jfr(long pid, String file) {
        static Jfr startOnAgent(String region) {
            String file = System.getProperty("bench.jfr");
            if (file == null || file.isBlank()) {
                return new Jfr(0, null);
            }
            long pid = ProcessHandle.current().children()
                    .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("--region=" + region)).orElse(false))
                    .findFirst().map(ProcessHandle::pid).orElse(0L);
            if (pid > 0) {
                jcmd(pid, "JFR.start", "name=bench", "settings=profile", "filename=" + Path.of(file).toAbsolutePath());
            }
            return new Jfr(pid, file);
        }

        void stop() {
            if (pid > 0) {
                jcmd(pid, "JFR.stop", "name=bench");
                System.out.println("[bench] agent flight recording: " + Path.of(file).toAbsolutePath());
            }
        }

        private static void jcmd(long pid, String... args) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
            command.addAll(List.of(args));
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    System.out.println("[bench] jcmd failed: " + out);
                }
            } catch (Exception e) {
                System.out.println("[bench] jcmd failed: " + e);
            }
        }
    }
}
