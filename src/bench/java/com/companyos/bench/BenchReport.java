package com.companyos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code docs/benchmarks.md} from one {@code bin/bench} run (JMH's JSON and the load test's JSON) and prints
 * the same summary. Every number comes from those files; PASS/FAIL is computed against the targets.
 *
 * <p>Usage: {@code BenchReport <jmh.json> <load.json> <out.md> [commit [overview.json]]}, or
 * {@code BenchReport --overview <overview.json> <out.md> [commit]} to replace only the executive overview's section.
 */
public final class BenchReport {

    static final double GOVERNED_P95_TARGET_MS = 10.0;
    static final int GOVERNED_RATE_TARGET = 500;
    static final double RATIO_TARGET = 3.0;
    static final double CEDAR_P99_TARGET_US = 300.0;

    private static final ObjectMapper JSON = new ObjectMapper();

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        if ("--overview".equals(args[0])) {
            JsonNode overview = read(Path.of(args[1]));
            if (overview == null) {
                throw new IllegalArgumentException("No overview result in " + args[1]);
            }
            OverviewReport.splice(Path.of(args[2]), overview, args.length > 3 ? args[3] : "unknown");
            String[] target = OverviewReport.target(overview);
            System.out.printf("%nBenchmark summary (%s, overview section only)%n  %-4s  %s%n        measured: %s%n", args[2], target[2], target[0], target[1]);
            return;
        }
        JsonNode jmh = read(Path.of(args[0]));
        JsonNode load = read(Path.of(args[1]));
        Path out = Path.of(args[2]);
        String commit = args.length > 3 ? args[3] : "unknown";

        StringBuilder md = new StringBuilder();
        List<String[]> summary = new ArrayList<>();
        md.append("# Benchmarks\n\n");
        md.append("Written by `bin/bench` on ").append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append(" at commit `").append(commit).append("`. Every number below comes from that one run; run `bin/bench` again to ")
                .append("replace them (do not edit by hand).\n\n");

        md.append("## Machine\n\n| | |\n|---|---|\n");
        md.append("| CPUs (`nproc`) | ").append(Runtime.getRuntime().availableProcessors()).append(" |\n");
        md.append("| CPU | ").append(cpuModel()).append(" |\n");
        md.append("| Memory | ").append(memory()).append(" |\n");
        md.append("| Java | ").append(System.getProperty("java.runtime.version")).append(" (").append(System.getProperty("java.vm.name")).append(") |\n");
        md.append("| OS | ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version")).append(" |\n");
        if (load != null) {
            md.append("| Load average (1, 5, 15 min) before / after the load test | ").append(loadAverage(load.path("loadAverageBefore").asText()))
                    .append(" / ").append(loadAverage(load.path("loadAverageAfter").asText())).append(" |\n");
        }
        md.append('\n');

        // --- Governed write and raw JDBC
        StringBuilder loadSection = new StringBuilder();
        JsonNode governed = result(load, "governed write");
        JsonNode jdbc = result(load, "raw JDBC insert+commit");
        if (governed != null && jdbc != null) {
            double rate = governed.path("achievedRate").asDouble();
            long errors = governed.path("failed").asLong() + governed.path("timedOut").asLong();
            double p95 = ms(governed, "p95Micros");
            double jdbcP95 = ms(jdbc, "p95Micros");
            boolean rateMet = rate >= GOVERNED_RATE_TARGET * 0.99 && errors == 0;
            boolean pass1 = rateMet && p95 <= GOVERNED_P95_TARGET_MS;
            summary.add(new String[]{"Governed write at the agent: p95 ≤ " + (int) GOVERNED_P95_TARGET_MS + " ms at " + GOVERNED_RATE_TARGET + " writes/s",
                    "p95 " + fmt(p95) + " ms at " + fmt(rate) + " writes/s achieved" + (errors > 0 ? ", " + errors + " failed or timed out" : ""),
                    pass1 ? "PASS" : "FAIL"});
            double ratio = jdbcP95 > 0 ? p95 / jdbcP95 : Double.NaN;
            boolean pass2 = rateMet && jdbc.path("failed").asLong() + jdbc.path("timedOut").asLong() == 0 && ratio <= RATIO_TARGET;
            JsonNode governedAlone = result(load, "governed write, one at a time");
            JsonNode jdbcAlone = result(load, "raw JDBC, one at a time");
            String unloaded = governedAlone == null || jdbcAlone == null ? "" : " (one at a time, unloaded: "
                    + fmt(ms(governedAlone, "p95Micros")) + " ms / " + fmt(ms(jdbcAlone, "p95Micros")) + " ms = "
                    + fmt(ms(governedAlone, "p95Micros") / ms(jdbcAlone, "p95Micros")) + "×)";
            summary.add(new String[]{"Governed write p95 ≤ " + (int) RATIO_TARGET + "× raw JDBC insert+commit p95 (same run, same rate)",
                    fmt(p95) + " ms / " + fmt(jdbcP95) + " ms = " + fmt(ratio) + "×" + unloaded + " (for information, at p50: "
                            + fmt(ms(governed, "p50Micros")) + " ms / " + fmt(ms(jdbc, "p50Micros")) + " ms = "
                            + fmt(ms(governed, "p50Micros") / ms(jdbc, "p50Micros")) + "×)" + fiveRows(load, governed), pass2 ? "PASS" : "FAIL"});

            JsonNode lag = load.path("asyncReplicationLag");
            if (!lag.isMissingNode()) {
                double lagP95 = lag.path("p95Seconds").asDouble();
                summary.add(new String[]{"Asynchronous replication lag p95 ≤ 1 s at " + GOVERNED_RATE_TARGET + " writes/s",
                        "p50 " + fmt(lag.path("p50Seconds").asDouble()) + " s, p95 " + fmt(lagP95) + " s, p99 " + fmt(lag.path("p99Seconds").asDouble())
                                + " s, max " + fmt(lag.path("maxSeconds").asDouble()) + " s (" + lag.path("samples").asInt() + " samples)",
                        rateMet && lagP95 <= 1.0 ? "PASS" : "FAIL"});
            }
            JsonNode sync = result(load, "governed write, synchronous replication");
            if (sync != null) {
                summary.add(new String[]{"Synchronous replication write p95 (reported beside asynchronous)",
                        "sync p95 " + fmt(ms(sync, "p95Micros")) + " ms at " + fmt(sync.path("achievedRate").asDouble()) + " writes/s vs async p95 "
                                + fmt(p95) + " ms", "REPORTED"});
            }
            JsonNode drill = load.path("drill");
            if (!drill.isMissingNode()) {
                double rto = drill.path("rtoSeconds").asDouble(Double.NaN);
                summary.add(new String[]{"RTO (SIGKILL of the primary agent → first write on the standby) ≤ 10 s",
                        "drill " + drill.path("status").asText() + ": RTO " + fmt(rto) + " s, RPO " + fmt(drill.path("rpoSeconds").asDouble())
                                + " s (" + drill.path("rpoRecords").asLong()
                                + (drill.path("rpoRecords").asLong() == 1 ? " acknowledged write" : " acknowledged writes")
                                + " lost: replication was asynchronous)"
                                + (drill.path("error").isNull() ? "" : ", error: " + drill.path("error").asText()),
                        rto <= 10.0 ? "PASS" : "FAIL"});
            }
            loadSection.append("## Governed write at the agent vs raw JDBC (one run)\n\n");
            loadSection.append("The whole product as the embedded default runs it (console, three region agents as child processes, a PostgreSQL per ")
                    .append("process, all on this machine). A tenant in eu-west with an API token; then `PUT /data/v1/tenants/{slug}/records/{key}` ")
                    .append("against the eu-west agent's data port over HTTPS from a load client in its own small JVM, as a tenant's application ")
                    .append("would send them (`LoadClient`: TLS 1.3, a lean blocking keep-alive client, `RawHttps`, at most ")
                    .append(load.path("httpConnections").asInt()).append(" connections): tenant and token check, Cedar decision, Ed25519-signed receipt, and a regional ")
                    .append("commit of the record, the decision (sealed into the hash chain), the receipt and the change's replication outbox row — group-committed: ")
                    .append("the agent's writer commits every write waiting as one transaction, and answers each only after that commit. ")
                    .append("Changes are shipped asynchronously in batches (100 ms linger, each batch decided by Cedar with its own receipt) to the eu-central agent, ")
                    .append("which applies them — also on this machine. Then, in the same run and at the same rate, ")
                    .append("raw JDBC `INSERT` + `COMMIT` of a row of the same shape into a scratch table of the **eu-west agent's own PostgreSQL** (")
                    .append(load.path("jdbcConnections").asInt()).append(" connections); and, for information, raw JDBC of the five rows one governed ")
                    .append("write stores (its sealed decision, receipt, record, search entry and an outbox row, copied from the run's own writes with fresh ")
                    .append("keys) into tables created `LIKE` the real ones with their indexes, in one multi-statement round trip with the commit as the ")
                    .append("agent's writer sends them — without Cedar, signatures, the decision chain, triggers, foreign keys or the per-tenant ordering lock. ")
                    .append("Open loop: each operation is due at a fixed time and its latency ")
                    .append("runs from that time, so queueing is counted (no coordinated omission). The governed writes follow a ")
                    .append(fmt(load.path("warmupSeconds").asDouble())).append(" s warm-up at the same rate, in 10 s rounds until the JIT compilers of ")
                    .append("the eu-west agent and its standby used under ").append(GovernedWriteLoad.JIT_QUIET_MILLIS_PER_SECOND)
                    .append(" CPU ms per second (")
                    .append(load.path("warmup").path("jitQuiet").asBoolean(false) ? "reached" : "not reached; the warm-up hit its limit")
                    .append("; a JVM keeps compiling for minutes after it starts taking load, with CPU the write path then lacks); the ")
                    .append("other phases follow 5 s. \"One at a time\" is a closed loop ")
                    .append("measured once everything is warm (the service time of one operation with nothing else in flight). ")
                    .append("Before the measured governed writes every agent's PostgreSQL is checkpointed once, so it recycles its WAL segments as ")
                    .append("a database running longer than `checkpoint_timeout` does (a cluster minutes old creates and zero-fills a new 16 MB ")
                    .append("segment every few seconds at this rate)")
                    .append(load.has("walSegmentsCreatedWhileMeasuring") ? "; WAL segments created while measuring: "
                            + load.path("walSegmentsCreatedWhileMeasuring") : "")
                    .append(". `target/bench/load.json` has each phase second by second (`perSecond`).\n\n");
            loadSection.append("| Measurement | Target rate | Achieved | OK | Failed | Timed out | p50 | p95 | p99 | p99.9 | max |\n");
            loadSection.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (JsonNode r : load.path("results")) {
                loadSection.append("| ").append(r.path("name").asText()).append(" | ")
                        .append(r.path("targetRate").asInt() == 0 ? "closed loop" : r.path("targetRate").asInt() + "/s").append(" | ")
                        .append(fmt(r.path("achievedRate").asDouble())).append("/s | ")
                        .append(r.path("succeeded").asLong()).append(" | ").append(r.path("failed").asLong()).append(" | ")
                        .append(r.path("timedOut").asLong()).append(" | ")
                        .append(fmt(ms(r, "p50Micros"))).append(" ms | ").append(fmt(ms(r, "p95Micros"))).append(" ms | ")
                        .append(fmt(ms(r, "p99Micros"))).append(" ms | ").append(fmt(ms(r, "p999Micros"))).append(" ms | ")
                        .append(fmt(ms(r, "maxMicros"))).append(" ms |\n");
            }
            JsonNode seconds = governed.path("perSecond");
            if (seconds.isArray() && !seconds.isEmpty()) {
                loadSection.append("\nThe governed writes second by second (p95 / max in ms; a tail made of a few stalled seconds reads differently ")
                        .append("from one spread over the whole phase): ");
                List<String> parts = new ArrayList<>();
                for (JsonNode second : seconds) {
                    parts.add(fmt(second.path("p95Millis").asDouble()) + " / " + fmt(second.path("maxMillis").asDouble()));
                }
                loadSection.append(String.join(", ", parts)).append(".\n");
            }
            String firstError = governed.path("firstError").isNull() ? null : governed.path("firstError").asText();
            if (firstError != null) {
                loadSection.append("\nFirst governed-write error: `").append(firstError.replace('`', '\'')).append("`\n");
            }
            loadSection.append(agentStages(load.path("agentStages"), governed, result(load, "raw JDBC insert+commit")));
            loadSection.append("\n**Where the CPU went** (from `/proc`, CPU milliseconds per successful operation, during each measured phase):\n\n");
            loadSection.append("| Process group | governed write | raw JDBC |\n|---|---:|---:|\n");
            JsonNode gc = load.path("governedWriteCpu").path("cpuMillisPerOperation");
            JsonNode jc = load.path("rawJdbcCpu").path("cpuMillisPerOperation");
            double gTotal = 0;
            double jTotal = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = gc.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                gTotal += e.getValue().asDouble();
                jTotal += jc.path(e.getKey()).asDouble();
                loadSection.append("| ").append(e.getKey()).append(" | ").append(fmt(e.getValue().asDouble())).append(" ms | ")
                        .append(fmt(jc.path(e.getKey()).asDouble())).append(" ms |\n");
            }
            loadSection.append("| **total** | **").append(fmt(gTotal)).append(" ms** | **").append(fmt(jTotal)).append(" ms** |\n");
            loadSection.append("| machine busy | ").append(fmt(load.path("governedWriteCpu").path("machineBusyPercent").asDouble())).append(" % | ")
                    .append(fmt(load.path("rawJdbcCpu").path("machineBusyPercent").asDouble())).append(" % |\n\n");
            loadSection.append("With ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs the machine has ")
                    .append(Runtime.getRuntime().availableProcessors() * 1000).append(" CPU ms per second; at ").append(GOVERNED_RATE_TARGET)
                    .append(" writes/s a governed write can cost at most ").append(fmt(Runtime.getRuntime().availableProcessors() * 1000.0 / GOVERNED_RATE_TARGET))
                    .append(" CPU ms in total before the machine saturates (and well under that for a low p95).\n\n");
            loadSection.append("Configuration: agent JVM options `").append(load.path("agentJvm").asText().replaceAll("\\s*com\\.companyos\\..*$", ""))
                    .append("` (the product's default for local agents unless `BENCH_AGENT_JVM_OPTIONS` is set); PostgreSQL ")
                    .append(load.path("postgresSettings").path("server_version").asText()).append(" with `fsync=")
                    .append(load.path("postgresSettings").path("fsync").asText()).append("`, `synchronous_commit=")
                    .append(load.path("postgresSettings").path("synchronous_commit").asText()).append("`; raw JDBC target ")
                    .append(load.path("rawJdbcTarget").asText()).append(".\n\n");
        } else {
            summary.add(new String[]{"Governed write at the agent: p95 ≤ 10 ms at 500 writes/s", "not measured (no load test result)", "FAIL"});
            summary.add(new String[]{"Governed write p95 ≤ 3× raw JDBC p95", "not measured (no load test result)", "FAIL"});
        }

        // --- JMH
        StringBuilder cedar = new StringBuilder();
        StringBuilder signing = new StringBuilder();
        List<String> uncachedP99 = new ArrayList<>();
        boolean cedarPass = true;
        boolean anyUncached = false;
        String header = "| Benchmark | Question | Samples | p50 | p95 | p99 | p99.9 | max | Target | Result |\n|---|---|---:|---:|---:|---:|---:|---:|---|---|\n";
        for (JsonNode b : jmh == null ? JSON.createArrayNode() : jmh) {
            String name = b.path("benchmark").asText();
            String method = name.substring(name.lastIndexOf('.') + 1);
            JsonNode pm = b.path("primaryMetric");
            JsonNode pct = pm.path("scorePercentiles");
            String unit = pm.path("scoreUnit").asText().replace("/op", "");
            String question = b.path("params").path("question").asText("—");
            long samples = samples(pm);
            double p99 = pct.path("99.0").asDouble();
            String target = "—";
            String result = "—";
            if (name.contains("CedarDecisionBenchmark") && method.equals("uncached")) {
                anyUncached = true;
                target = "p99 ≤ " + fmt(CEDAR_P99_TARGET_US) + " µs";
                boolean ok = "us".equals(unit) && p99 <= CEDAR_P99_TARGET_US;
                cedarPass &= ok;
                result = ok ? "PASS" : "FAIL";
                uncachedP99.add(question + " " + fmt(p99) + " " + micro(unit));
            }
            String row = "| " + method + (name.contains("CedarDecisionBenchmark") ? " | " + question : "") + " | " + samples + " | " + fmt(pct.path("50.0").asDouble()) + " " + micro(unit)
                    + " | " + fmt(pct.path("95.0").asDouble()) + " " + micro(unit) + " | " + fmt(p99) + " " + micro(unit) + " | "
                    + fmt(pct.path("99.9").asDouble()) + " " + micro(unit) + " | " + fmt(pct.path("100.0").asDouble()) + " " + micro(unit)
                    + " | " + target + " | " + result + " |\n";
            if (name.contains("CedarDecisionBenchmark")) {
                cedar.append(row);
            } else {
                signing.append(row);
            }
        }
        summary.add(new String[]{"Cedar decision p99 ≤ " + (int) CEDAR_P99_TARGET_US + " µs, uncached",
                anyUncached ? String.join("; ", uncachedP99) : "not measured", anyUncached && cedarPass ? "PASS" : "FAIL"});

        JsonNode overview = args.length > 4 ? read(Path.of(args[4])) : null;
        if (overview != null) {
            summary.add(OverviewReport.target(overview));
        }
        md.append("## Targets\n\n| Target (from the issue) | Measured | Result |\n|---|---|---|\n");
        for (String[] s : summary) {
            md.append("| ").append(s[0]).append(" | ").append(s[1]).append(" | **").append(s[2]).append("** |\n");
        }
        md.append('\n');
        md.append(loadSection);
        md.append("## Cedar decisions (JMH)\n\n");
        md.append("`PolicyEngine` over the shipped standard bundle, JMH `SampleTime` (one fork, 3 × 3 s warm-up, 5 × 4 s measurement). ")
                .append("`uncached` evaluates with Cedar every time; `cached` is the engine's decision cache (per bundle hash and question), which ")
                .append("is what the agent's write path hits after the first write of a kind. Questions: the agent's `write` decision (allowed) ")
                .append("and a pii `export` out of the zone (denied).\n\n");
        md.append(header).append(cedar).append('\n');
        md.append("## Receipt signing (JMH)\n\n");
        md.append("One receipt as the agent signs it per governed operation: canonical JSON of the receipt and its Ed25519 signature ")
                .append("(BouncyCastle), with a key issued by the local CA.\n\n");
        md.append(header.replace("| Question ", "").replace("|---|---|---:", "|---|---:")).append(signing).append('\n');
        if (overview != null) {
            md.append(OverviewReport.section(overview, commit)).append('\n');
        }
        md.append("## How to reproduce\n\n");
        md.append("```sh\nbin/bench\n```\n\n");
        md.append("It compiles with the `bench` Maven profile (JMH and the load driver live in `src/bench/java`, outside the normal build), runs the ")
                .append("JMH benchmarks (`target/bench/jmh.json`), runs the load test `GovernedWriteLoad` (`target/bench/load.json`, product log in ")
                .append("`target/bench/load.log`), then writes this file and prints the summary. `BENCH_RATE`, `BENCH_WARMUP`, `BENCH_DURATION` ")
                .append("(seconds) change the load; `BENCH_AGENT_JVM_OPTIONS` (comma-separated) overrides the agents' JVM options; `BENCH_JFR=1` records ")
                .append("the eu-west agent with Java Flight Recorder during the measured writes (`target/bench/agent.jfr`).\n\n");
        md.append("Caveats: everything (load client, console, three agents, four PostgreSQL servers) shares this machine's CPUs, including ")
                .append("the JVMs' JIT compilers, which are still compiling minutes after start; and anything ")
                .append("else running on it shows up in the numbers (\"rest of the machine\" above). The tenant data port is server-authenticated ")
                .append("TLS with tenant API tokens (mutual TLS is the agents' control port). The agent's write path gets its Cedar decision from the ")
                .append("decision cache after the first write, since every write asks the same question.\n");

        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());

        System.out.println();
        System.out.println("Benchmark summary (" + out + ")");
        for (String[] s : summary) {
            System.out.printf("  %-4s  %s%n        measured: %s%n", s[2], s[0], s[1]);
        }
        if (governed != null) {
            System.out.printf("  governed write: p50 %s ms, p95 %s ms, p99 %s ms at %s/s; raw JDBC: p50 %s ms, p95 %s ms, p99 %s ms%n",
                    fmt(ms(governed, "p50Micros")), fmt(ms(governed, "p95Micros")), fmt(ms(governed, "p99Micros")), fmt(governed.path("achievedRate").asDouble()),
                    fmt(ms(jdbc, "p50Micros")), fmt(ms(jdbc, "p95Micros")), fmt(ms(jdbc, "p99Micros")));
        }
        for (JsonNode b : jmh == null ? JSON.createArrayNode() : jmh) {
            JsonNode pct = b.path("primaryMetric").path("scorePercentiles");
            String unit = micro(b.path("primaryMetric").path("scoreUnit").asText().replace("/op", ""));
            String name = b.path("benchmark").asText();
            System.out.printf("  %-40s p50 %s %s, p95 %s %s, p99 %s %s%n", name.substring(name.lastIndexOf("bench.") + 6)
                            + (b.path("params").has("question") ? " [" + b.path("params").path("question").asText() + "]" : ""),
                    fmt(pct.path("50.0").asDouble()), unit, fmt(pct.path("95.0").asDouble()), unit, fmt(pct.path("99.0").asDouble()), unit);
        }
    }

    static String loadAverage(String procLoadavg) {
        String[] f = procLoadavg.split("\\s+");
        return f.length >= 3 ? f[0] + ", " + f[1] + ", " + f[2] : procLoadavg;
    }

    private static JsonNode read(Path p) throws IOException {
        return Files.exists(p) && Files.size(p) > 0 ? JSON.readTree(p.toFile()) : null;
    }

    private static JsonNode result(JsonNode load, String name) {
        if (load == null) {
            return null;
        }
        for (JsonNode r : load.path("results")) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        return null;
    }

    private static long samples(JsonNode primaryMetric) {
        long n = 0;
        for (JsonNode fork : primaryMetric.path("rawDataHistogram")) {
            for (JsonNode iteration : fork) {
                for (JsonNode bucket : iteration) {
                    n += bucket.path(1).asLong();
                }
            }
        }
        return n;
    }

    /** For information: the governed write against raw JDBC of the five rows it stores (same run, same rate). */
    private static String fiveRows(JsonNode load, JsonNode governed) {
        JsonNode five = result(load, "raw JDBC, the five rows of a governed write");
        if (five == null || ms(five, "p95Micros") <= 0) {
            return "";
        }
        return " (for information, against raw JDBC of the five rows a governed write stores: p95 " + fmt(ms(governed, "p95Micros"))
                + " ms / " + fmt(ms(five, "p95Micros")) + " ms = " + fmt(ms(governed, "p95Micros") / ms(five, "p95Micros")) + "×, p50 "
                + fmt(ms(governed, "p50Micros")) + " ms / " + fmt(ms(five, "p50Micros")) + " ms = "
                + fmt(ms(governed, "p50Micros") / ms(five, "p50Micros")) + "×)";
    }

    /** What the eu-west agent's own metrics say about the measured governed writes, stage by stage. */
    static String agentStages(JsonNode stages, JsonNode governed, JsonNode rawJdbc) {
        if (stages.isMissingNode() || stages.path("total").isMissingNode()) {
            return "";
        }
        Map<String, String> what = new LinkedHashMap<>();
        what.put("decide", "arrival at the write service to the writer's queue: validation, Cedar decision, Ed25519 receipt signature");
        what.put("queue", "in the writer's queue until its batch starts (mostly behind the previous batch's commit)");
        what.put("commit", "the batch's transaction: sequence numbers, sealed decisions, receipts, record, search entry, outbox row, commit and WAL flush");
        what.put("resume", "from the commit until the request thread runs again with the answer");
        what.put("total", "all of the above");
        StringBuilder s = new StringBuilder();
        s.append("\n**Inside the eu-west agent** (its own histograms, `companyos_governed_write_stage_seconds` on `GET /agent/v1/metrics`, ")
                .append("scraped before and after the measured phase; percentiles estimated within a bucket, as Prometheus does). ")
                .append("Token check, HTTP and TLS are outside these stages, as are the network and the load client:\n\n");
        s.append("| Stage | What it covers | Writes | p50 | p95 | p99 | mean |\n|---|---|---:|---:|---:|---:|---:|\n");
        what.forEach((stage, text) -> {
            JsonNode n = stages.path(stage);
            s.append("| ").append(stage).append(" | ").append(text).append(" | ").append(n.path("count").asLong()).append(" | ")
                    .append(fmt(n.path("p50Millis").asDouble())).append(" ms | ").append(fmt(n.path("p95Millis").asDouble())).append(" ms | ")
                    .append(fmt(n.path("p99Millis").asDouble())).append(" ms | ").append(fmt(n.path("meanMillis").asDouble())).append(" ms |\n");
        });
        JsonNode batches = stages.path("batches");
        s.append("\n").append(batches.path("batches").asLong()).append(" group-commit transactions, ")
                .append(fmt(batches.path("meanWrites").asDouble())).append(" writes each on average (95 % of them had at most ")
                .append(batches.path("p95Writes").asLong()).append("). The load client measured p50 ")
                .append(fmt(ms(governed, "p50Micros"))).append(" ms and p95 ").append(fmt(ms(governed, "p95Micros")))
                .append(" ms for the same writes; the difference from the agent's total is time outside the write service ")
                .append("(TLS, HTTP, token check, loopback network, the client's own scheduling).");
        if (rawJdbc != null) {
            s.append(" Raw JDBC insert+commit in the same run: p50 ").append(fmt(ms(rawJdbc, "p50Micros"))).append(" ms, p95 ")
                    .append(fmt(ms(rawJdbc, "p95Micros"))).append(" ms — the governed write's `commit` stage alone (one transaction ")
                    .append("appending to five tables and the decision chain) is ").append(fmt(stages.path("commit").path("p50Millis").asDouble()
                            / ms(rawJdbc, "p50Micros"))).append("× that at p50 and ").append(fmt(stages.path("commit").path("p95Millis").asDouble()
                            / ms(rawJdbc, "p95Micros"))).append("× at p95.");
        }
        s.append("\n");
        return s.toString();
    }

    private static double ms(JsonNode r, String field) {
        return r.path(field).asLong() / 1000.0;
    }

    private static String micro(String unit) {
        return unit.equals("us") ? "µs" : unit;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB").findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
