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

import java.io.IOException;
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
 * <p>Settings (system properties): {@code bench.rate} (500), {@code bench.warmup} (least seconds of warm-up, 10; it goes
 * on until the agents' JIT compilers are quiet, at most {@code bench.warmup-max} seconds, 240),
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
    @Autowired
    com.companyos.regions.LocalAgentSupervisor supervisor;

    /** This run's agent process for {@code region}, as the console started it. */
    private ProcessHandle agent(com.companyos.base.RegionId region) {
        return supervisor.process(region).map(p -> p.process().toHandle())
                .orElseThrow(() -> new IllegalStateException("No local agent runs for " + region));
    }

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

    /** Samples the active region's replication lag for one tenant every 500 ms (each sample is an mTLS call through the console). */
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
                                com.companyos.agentapi.control.ReplicationStatus.class).ifPresent(s -> seconds.add(s.secondsBehind()));
                    } catch (RuntimeException e) {
                        // a missed sample
                    }
                    sleep(500);
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

        // 1. Governed writes over HTTPS (server TLS with the CompanyOS CA, tenant API token), keep-alive connections,
        // from a load client in its own small JVM (LoadClient), as a tenant's application would send them.
        // A plain blocking HTTPS client, one thread per keep-alive connection: the load client shares the machine's two
        // cores with everything it measures, and java.net.http's asynchronous machinery (about 1.2 ms of CPU per request)
        // and HttpsURLConnection (about 1 ms) cost as much as the agent's own TLS and HTTP handling; see RawHttps.
        // At most this many requests in flight, so at most this many keep-alive connections: an open-loop client that
        // opened a connection per waiting request would measure a TLS handshake storm, not the write path. Requests
        // past the limit wait in the client, and that wait counts (latency runs from the scheduled time).
        List<Map<String, Object>> results = new ArrayList<>();
        LoadClient.Remote http = LoadClient.start(DATA_DIR.resolve("pki/ca.crt"), dataPort, tenant.slug(), token, httpConnections);
        System.out.println("[bench] " + http.sequential("governed write, one at a time (warm-up)", 300, "s-").line());
        Map<String, Object> warm = warmUp(http);
        report.put("warmup", warm);
        http.settle();
        if (!"false".equals(System.getProperty("bench.checkpoint"))) {
            report.put("checkpointBeforeMeasuring", checkpointAll());
        }
        CpuAccount cpu = new CpuAccount(DATA_DIR, EU_WEST.value(), EU_CENTRAL.value());
        Jfr jfr = Jfr.start(agent(EU_WEST).pid());
        Map<String, Integer> walBefore = walSegments();
        CpuAccount.Snapshot before = cpu.snapshot();
        String metricsBefore = com.companyos.support.AgentMetrics.scrape(agents, EU_WEST);
        // Asynchronous replication lag while the load runs: the eu-west agent's own measure (age of the oldest change
        // the standby has not acknowledged), sampled every 500 ms over its control API.
        LagSampler lag = new LagSampler(agents, tenant);
        lag.start();
        LoadClient.Phase governed = http.run("governed write", rate, duration, 30, "m-");
        report.put("asyncReplicationLag", lag.stop());
        report.put("governedWriteCpu", CpuAccount.between(before, cpu.snapshot(), governed.succeeded()));
        report.put("agentStages", AgentStages.between(metricsBefore, com.companyos.support.AgentMetrics.scrape(agents, EU_WEST), EU_WEST.value()));
        report.put("walSegmentsCreatedWhileMeasuring", walCreated(walBefore));
        jfr.stop();
        http.settle();
        System.out.println("[bench] " + governed.line());
        System.out.println("[bench] CPU during governed writes: " + report.get("governedWriteCpu"));
        System.out.println("[bench] inside the eu-west agent (its metrics): " + report.get("agentStages"));
        System.out.println("[bench] WAL segments created while measuring: " + report.get("walSegmentsCreatedWhileMeasuring"));
        // The service time of one write once everything is warm: a closed loop, one request at a time.
        LoadClient.Phase sequential = http.sequential("governed write, one at a time", 300, "q-");
        System.out.println("[bench] " + sequential.line());
        results.add(governed.result());
        results.add(sequential.result());
        if (Boolean.getBoolean("bench.quick")) { // profiling runs: the asynchronous governed writes only
            report.put("results", results);
            Files.createDirectories(out.toAbsolutePath().getParent());
            JSON.writeValue(out.toFile(), report);
            http.close();
            return;
        }

        // The same writes with synchronous replication: each is acknowledged only once eu-central has it (RPO 0).
        As.operator(() -> failover.replicationMode(tenant.slug(), "SYNC", "benchmark: synchronous mode"));
        sleep(1000);
        System.out.println("[bench] " + http.run("governed write, synchronous replication (warm-up)", rate, Math.min(warmup, 5), 20, "sw-").line());
        http.settle();
        LoadClient.Phase sync = http.run("governed write, synchronous replication", rate, duration, 30, "sy-");
        http.settle();
        System.out.println("[bench] " + sync.line());
        results.add(sync.result());
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
        ThreadLocal<PreparedStatement> insert = perThread(url, "insert into bench.scratch_record (record_key, classification, "
                + "retention_until, retention_policy, payload, payload_sha256, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)", opened);
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
        results.add(jdbc.toMap());
        results.add(jdbcSequential.toMap());

        // 3. For information: raw JDBC of the rows one governed write stores — a decision, a receipt, the record, its
        // search entry and an outbox row, copied from the benchmark's own last write — into tables shaped and indexed
        // like the real ones, sent as one multi-statement round trip with the commit, as the agent's writer sends a
        // batch. No Cedar, no signature, no decision chain, no triggers, no foreign keys, no per-tenant ordering lock.
        FiveRows five = FiveRows.prepare(url, tenant.id());
        ThreadLocal<PreparedStatement> fiveInsert = perThread(url, five.sql(), opened);
        System.out.println("[bench] " + OpenLoop.run("raw JDBC, the five rows of a governed write (warm-up)", rate, Math.min(warmup, 5), 30,
                i -> CompletableFuture.supplyAsync(() -> five.insert(fiveInsert.get()), jdbcPool)).line());
        OpenLoop.Result fiveRows = OpenLoop.run(FiveRows.NAME, rate, duration, 30,
                i -> CompletableFuture.supplyAsync(() -> five.insert(fiveInsert.get()), jdbcPool));
        System.out.println("[bench] " + fiveRows.line());
        results.add(fiveRows.toMap());
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
        report.put("warmupSeconds", warm.get("seconds"));
        report.put("httpConnections", httpConnections);
        report.put("jdbcConnections", connections);
        report.put("results", results);
        Files.createDirectories(out.toAbsolutePath().getParent());
        JSON.writeValue(out.toFile(), report);
        System.out.println("[bench] wrote " + out.toAbsolutePath());
        assertThat(governed.succeeded()).as("governed writes succeeded").isPositive();
        assertThat(jdbc.succeeded()).as("raw JDBC inserts succeeded").isPositive();
    }

    /**
     * The rows one governed write stores, as plain inserts: templates read from the agent's database (the benchmark's
     * last governed write: its sealed decision, its receipt, the record, its search entry), into tables in the
     * {@code bench} schema created {@code LIKE} the real ones with their indexes (foreign keys and triggers are not
     * copied). Each insert takes fresh keys; everything else is the template's value.
     */
    record FiveRows(String sql, List<Object[]> rows, java.util.concurrent.atomic.AtomicLong next) {

        static final String NAME = "raw JDBC, the five rows of a governed write";
        private static final List<String> TABLES = List.of("decision_log", "receipt", "record", "search_index", "replication_outbox");

        static FiveRows prepare(String url, java.util.UUID tenant) throws SQLException {
            try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
                String schema;
                try (var rs = s.executeQuery("select schema_name from tenant_namespace where tenant_id = '" + tenant + "'")) {
                    rs.next();
                    schema = rs.getString(1);
                }
                java.util.Map<String, String> from = new java.util.LinkedHashMap<>();
                from.put("decision_log", "public.decision_log where seq is not null and tenant_id = '" + tenant + "' order by seq desc limit 1");
                from.put("receipt", "public.receipt where tenant_id = '" + tenant + "' and seam = 'WRITE' order by issued_at desc limit 1");
                from.put("record", "\"" + schema + "\".record order by updated_at desc limit 1");
                from.put("search_index", "\"" + schema + "\".search_index limit 1");
                from.put("replication_outbox", null); // acknowledged rows are gone: built from the record below
                List<String> statements = new ArrayList<>();
                List<Object[]> rows = new ArrayList<>();
                for (String table : TABLES) {
                    String source = table.equals("record") || table.equals("search_index") ? "\"" + schema + "\"." + table : "public." + table;
                    s.execute("create table bench." + table + " (like " + source + " including defaults including constraints including indexes)");
                    List<String> columns = new ArrayList<>();
                    try (var rs = s.executeQuery("select attname from pg_attribute where attrelid = '" + source + "'::regclass and attnum > 0 "
                            + "and not attisdropped order by attnum")) {
                        while (rs.next()) {
                            columns.add(rs.getString(1));
                        }
                    }
                    Object[] row = new Object[columns.size()];
                    if (from.get(table) != null) {
                        try (var rs = s.executeQuery("select * from " + from.get(table))) {
                            if (!rs.next()) {
                                throw new IllegalStateException("No " + table + " row to copy");
                            }
                            for (int i = 0; i < row.length; i++) {
                                row[i] = rs.getObject(i + 1);
                            }
                        }
                    } else { // an outbox row of the record: tenant, seq, epoch, PUT and the record's fields
                        Object[] record = rows.get(2);
                        row = new Object[]{tenant, 0L, 1L, "PUT", record[0], record[1], record[2], record[3], record[4], record[5], null, null, record[7]};
                    }
                    statements.add("insert into bench." + table + " (" + String.join(", ", columns) + ") values ("
                            + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")");
                    rows.add(row);
                }
                return new FiveRows(String.join(";\n", statements), rows, new java.util.concurrent.atomic.AtomicLong());
            }
        }

        /** One governed write's rows with fresh keys, committed; null, or why not. */
        String insert(PreparedStatement insert) {
            long n = next.incrementAndGet();
            java.util.UUID decision = java.util.UUID.randomUUID();
            return commitOne(insert, s -> {
                int p = 1;
                for (int t = 0; t < rows.size(); t++) {
                    Object[] row = rows.get(t).clone();
                    switch (TABLES.get(t)) {
                        case "decision_log" -> { row[0] = decision; row[15] = n; }
                        case "receipt" -> { row[0] = java.util.UUID.randomUUID(); row[7] = decision; }
                        case "record", "search_index" -> row[0] = "five-" + n;
                        default -> { row[1] = n; row[4] = "five-" + n; }
                    }
                    for (Object value : row) {
                        s.setObject(p++, value);
                    }
                }
            });
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
        return commitOne(insert, s -> {
            s.setString(1, key);
            s.setString(2, "internal");
            s.setObject(3, LocalDate.now());
            s.setString(4, "none");
            s.setBytes(5, payload);
            s.setString(6, Hashing.sha256Hex(payload));
            s.setTimestamp(7, now);
            s.setTimestamp(8, now);
        });
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Binds, executes and commits one raw JDBC operation: null, or why it failed (rolled back). */
    static String commitOne(PreparedStatement statement, Binder binder) {
        try {
            binder.bind(statement);
            statement.execute();
            statement.getConnection().commit();
            return null;
        } catch (SQLException e) {
            try {
                statement.getConnection().rollback();
            } catch (SQLException ignored) {
                // the error below is what matters
            }
            return e.getMessage();
        }
    }

    /** Per pool thread, its own connection (autocommit off, kept in {@code opened} to close) and {@code sql} prepared on it. */
    static ThreadLocal<PreparedStatement> perThread(String url, String sql, List<Connection> opened) {
        return ThreadLocal.withInitial(() -> {
            try {
                Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                c.setAutoCommit(false);
                synchronized (opened) {
                    opened.add(c);
                }
                return c.prepareStatement(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
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

    private String agentCommandLine() {
        return agent(EU_WEST).info().arguments().map(a -> String.join(" ", a).replaceAll("\\s--companyos\\.[^ ]*", "").trim())
                .orElse("unknown");
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }


    /**
     * Governed writes at the measured rate in rounds of 10 s, for at least {@code bench.warmup} seconds and until the JIT
     * compilers of the eu-west agent and its standby have gone quiet (together under {@value #JIT_QUIET_MILLIS_PER_SECOND}
     * CPU ms per second over a round), at most {@code bench.warmup-max} seconds. A JVM keeps compiling for minutes after
     * it starts taking this load (on this machine the eu-west agent's compiler threads alone used 0.3–0.5 of a CPU for the
     * first 90 s of it), and that CPU is taken from the write path: a p95 measured then is the JIT's, not the steady
     * state's. Returns the rounds (seconds and compiler CPU) for the report.
     */
    private Map<String, Object> warmUp(LoadClient.Remote http) throws IOException {
        double max = Double.parseDouble(System.getProperty("bench.warmup-max", "240"));
        JitMeter jit = new JitMeter(List.of(agent(EU_WEST).pid(), agent(EU_CENTRAL).pid()));
        List<Map<String, Object>> rounds = new ArrayList<>();
        double elapsed = 0;
        int round = 0;
        while (true) {
            JitMeter.Reading before = jit.read();
            LoadClient.Phase p = http.run("governed write (warm-up)", rate, 10, 20, "w" + round++ + "-");
            double jitMillisPerSecond = jit.read().millisPerSecondSince(before);
            elapsed += 10;
            rounds.add(Map.of("seconds", elapsed, "jitCpuMillisPerSecond", Math.round(jitMillisPerSecond),
                    "p95Millis", ((Number) p.result().get("p95Micros")).longValue() / 1000.0));
            System.out.println("[bench] " + p.line() + String.format(" | JIT %.0f ms/s after %.0f s", jitMillisPerSecond, elapsed));
            if (elapsed >= warmup && jitMillisPerSecond < JIT_QUIET_MILLIS_PER_SECOND || elapsed >= max) {
                return Map.of("seconds", elapsed, "jitQuiet", jitMillisPerSecond < JIT_QUIET_MILLIS_PER_SECOND, "rounds", rounds);
            }
        }
    }

    static final int JIT_QUIET_MILLIS_PER_SECOND = 60;

    /** CPU time of the JIT compiler threads of some agents' JVMs, from {@code /proc/<pid>/task/<tid>/stat}. */
    static final class JitMeter {
        record Reading(long ticks, long nanos) {
            double millisPerSecondSince(Reading earlier) {
                return (ticks - earlier.ticks) * 1000.0 / CpuAccount.TICKS / ((nanos - earlier.nanos) / 1e9);
            }
        }

        private final List<Long> pids;

        JitMeter(List<Long> pids) {
            this.pids = pids;
        }

        Reading read() {
            long ticks = 0;
            for (long pid : pids) {
                try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                    for (Path task : tasks.toList()) {
                        try {
                            String stat = Files.readString(task.resolve("stat"));
                            String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                            if (name.contains("CompilerThre")) {
                                ticks += CpuAccount.cpuTicks(stat);
                            }
                        } catch (IOException | RuntimeException e) {
                            // the thread ended meanwhile
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }
            return new Reading(ticks, System.nanoTime());
        }
    }

    /**
     * {@code CHECKPOINT} on every agent's PostgreSQL, once the warm-up is over: a cluster that has run longer than
     * {@code checkpoint_timeout} (5 min) recycles its old 16 MB WAL segments, while one that was created minutes ago (as
     * every cluster in this run was) creates and zero-fills a new segment every few seconds at this write rate until its
     * first checkpoint, and each creation stalls the commits waiting on it. The measured phase should see the regional
     * database as it runs in production, not in its first five minutes. Returns the milliseconds per region.
     */
    static Map<String, Long> checkpointAll() throws Exception {
        Map<String, Long> millis = new LinkedHashMap<>();
        for (com.companyos.base.RegionId region : List.of(EU_WEST, EU_CENTRAL, US_EAST)) {
            long t0 = System.nanoTime();
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + agentPostgresPort(region.value())
                    + "/companyos_agent", "postgres", "postgres"); Statement s = c.createStatement()) {
                s.execute("checkpoint");
            }
            millis.put(region.value(), (System.nanoTime() - t0) / 1_000_000);
        }
        System.out.println("[bench] checkpoint before measuring (ms per region): " + millis);
        return millis;
    }

    /** Names of the WAL segment files in each agent's {@code pg_wal}, to count the segments a phase created. */
    static Map<String, Integer> walSegments() throws IOException {
        Map<String, Integer> count = new LinkedHashMap<>();
        for (com.companyos.base.RegionId region : List.of(EU_WEST, EU_CENTRAL)) {
            try (var files = Files.list(DATA_DIR.resolve("agents").resolve(region.value()).resolve("postgres").resolve("pg_wal"))) {
                count.put(region.value(), (int) files.filter(f -> f.getFileName().toString().matches("[0-9A-F]{24}")).count());
            }
        }
        return count;
    }

    private static Map<String, Integer> walCreated(Map<String, Integer> before) throws IOException {
        Map<String, Integer> after = walSegments();
        Map<String, Integer> created = new LinkedHashMap<>();
        after.forEach((region, n) -> created.put(region, Math.max(0, n - before.getOrDefault(region, 0))));
        return created;
    }

    /** Java Flight Recorder on an agent process (jcmd), when {@code bench.jfr} names a file. */
    record Jfr(long pid, String file) {
        static Jfr start(long pid) {
            String file = System.getProperty("bench.jfr");
            if (file == null || file.isBlank()) {
                return new Jfr(0, null);
            }
            jcmd(pid, "JFR.start", "name=bench", "settings=" + System.getProperty("bench.jfr-settings", "default"),
                    "filename=" + Path.of(file).toAbsolutePath());
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
