package com.companyos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Puts the canary case ({@link CanaryLoad}'s {@code canary.json}) into {@code docs/benchmarks.md}: its rows in the
 * Targets table and its own section, replacing earlier ones and leaving the rest as it is ({@code BENCH_ONLY=canary
 * bin/bench}).
 *
 * <p>Usage: {@code CanarySection <canary.json> <benchmarks.md> [commit]}
 */
public final class CanarySection {

    static final long STABLE_TARGET_MS = 5_000;
    static final long ABORT_TARGET_MS = 120_000;
    static final String STABLE_ROW = "| Canary abort verdict → all traffic on stable ≤ 5 s";
    static final String ABORT_ROW = "| Faulty canary: split in force → automatic abort ≤ 120 s";
    static final String COST_ROW = "| Tenant request latency with a canary split in force";
    static final String HEADING = "## Canary releases: abort to stable";

    private CanarySection() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode r = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Path md = Path.of(args[1]);
        String commit = args.length > 2 ? args[2] : "unknown";
        JsonNode stable = r.path("automatic").path("abortToStableMillis");
        JsonNode abort = r.path("automatic").path("faultToAbortMillis");
        JsonNode none = r.path("latency").path("none");
        JsonNode good = r.path("latency").path("good");
        JsonNode faulty = r.path("latency").path("faulty");
        JsonNode operator = goodRun(r);
        int n = 0;
        int byAnalysis = 0;
        for (JsonNode run : r.path("runs")) {
            if (run.path("release").asText().equals("faulty")) {
                n++;
                byAnalysis += run.path("abortedBy").asText().equals("analysis") && run.path("state").asText().equals("aborted") ? 1 : 0;
            }
        }
        boolean allAborted = n > 0 && byAnalysis == n && stable.path("n").asInt() == n;
        String good10 = operator.isMissingNode() ? ""
                : "; the good release at 10 % " + (operator.path("abortedBy").asText().equals("operator") ? "aborted by an operator: "
                : "aborted by the analysis (" + operator.path("tripped").asText() + "): ") + operator.path("abortToStableMillis").asText() + " ms";
        String rows = STABLE_ROW + " | " + dist(stable) + " (" + stable.path("n").asInt() + " automatic aborts" + good10 + ") | **"
                + (allAborted && stable.path("max").asLong() <= STABLE_TARGET_MS ? "PASS" : "FAIL") + "** |\n"
                + ABORT_ROW + " | " + dist(abort) + " (" + byAnalysis + " of " + n + " aborted by the analysis) | **"
                + (allAborted && abort.path("max").asLong() <= ABORT_TARGET_MS ? "PASS" : "FAIL") + "** |\n"
                + COST_ROW + " (router's cost, same run) | requests served by stable while a 50 % split is in force: p50 "
                + ms(faulty.path("stableLane"), "p50Micros") + ", p95 " + ms(faulty.path("stableLane"), "p95Micros") + ", p99 "
                + ms(faulty.path("stableLane"), "p99Micros") + "; with no canary: p50 " + ms(none, "p50Micros") + ", p95 "
                + ms(none, "p95Micros") + ", p99 " + ms(none, "p99Micros") + " | **REPORTED** |";

        StringBuilder section = new StringBuilder(HEADING).append("\n\n");
        section.append("Measured at commit `").append(commit).append("` by `BENCH_ONLY=canary bin/bench` (`CanaryLoad`): the whole embedded product ")
                .append("(console, three region agents; canary analysis every second as in the integration tests), a tenant in ")
                .append(r.path("region").asText()).append(" under open-loop traffic at ").append(r.path("rate").asInt())
                .append(" requests/s (governed GETs and PUTs alternating, latency from when each was due, in the console's JVM). ")
                .append(n).append(" faulty releases (configuration-only releases of `").append(r.path("releaseBefore").asText())
                .append("` with `companyos.agent.faults.error-share=0.5`) were canaried one after the other at 50 % with a long minimum ")
                .append("duration and left to the analysis; then one good configuration-only release at 10 %, for an operator to abort a ")
                .append("second after its split is in force. ")
                .append("*Fault → abort* runs from the first poll of the router (`GET /agent/v1/traffic`, every 100 ms) showing the split ")
                .append("in force to the rollout's end; *abort → stable* is the rollout's own measure, from the abort verdict until the ")
                .append("router confirmed every request on stable. With ").append(n)
                .append(" samples p95 and p99 are the largest (nearest rank). Afterwards the region ran `")
                .append(r.path("releaseAfter").asText()).append("` again. Load average (1, 5, 15 min) at the end: ")
                .append(String.join(", ", Arrays.asList(r.path("loadAverage").asText().split("\\s+")).subList(0, 3))).append(".\n\n");
        section.append("| | p50 | p95 | p99 | max | Target | Result |\n|---|---:|---:|---:|---:|---:|---|\n");
        section.append(distRow("abort verdict → all-stable", stable, STABLE_TARGET_MS, allAborted));
        section.append(distRow("split in force → automatic abort", abort, ABORT_TARGET_MS, allAborted));
        section.append("\n| Canary | Release | Aborted by | Weight | Launch → split in force | Split in force → abort | Abort → stable | Tripped |\n")
                .append("|---|---|---|---:|---:|---:|---:|---|\n");
        for (JsonNode run : r.path("runs")) {
            section.append("| `").append(run.path("version").asText()).append("` | ").append(run.path("release").asText()).append(" | ")
                    .append(run.path("abortedBy").asText())
                    .append(run.path("state").asText().equals("aborted") ? "" : " (" + run.path("state").asText() + ")").append(" | ")
                    .append(run.path("weightPercent").asInt()).append(" % | ")
                    .append(BenchReport.fmt(run.path("launchToSplitMillis").asDouble() / 1000.0)).append(" s | ")
                    .append(run.path("faultToAbortMillis").asLong()).append(" ms | ")
                    .append(run.path("abortToStableMillis").isNumber() ? run.path("abortToStableMillis").asLong() + " ms" : "—").append(" | ")
                    .append(run.path("abortedBy").asText().equals("analysis") && run.path("tripped").isTextual()
                            ? run.path("tripped").asText() : "—").append(" |\n");
        }
        section.append("\nTenant request latency in the same run, by when each request was due (requests answered 200; the faulty ")
                .append("canaries' injected 500s are counted as failed):\n\n")
                .append("| While | Seconds | Requests | Failed | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        latencyRow(section, "no canary (windows before each canary)", none);
        latencyRow(section, "good release's split in force (10 %, about a second)", good);
        latencyRow(section, "— served by stable", good.path("stableLane"));
        latencyRow(section, "— forwarded to the canary", good.path("canaryLane"));
        latencyRow(section, "faulty releases' split in force (50 %)", faulty);
        latencyRow(section, "— served by stable", faulty.path("stableLane"));
        latencyRow(section, "— forwarded to the canary", faulty.path("canaryLane"));
        if (!r.path("spans").isEmpty()) {
            section.append("\nWindow by window (a no-canary window precedes each launch; a split window runs from split in force to abort):\n\n")
                    .append("| Window | From | Seconds | Requests | Failed | p50 | p95 | p99 | max |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (JsonNode w : r.path("spans")) {
                section.append("| ").append(w.path("kind").asText().equals("none") ? "no canary" : w.path("kind").asText() + " split")
                        .append(" | ").append(w.path("from").asText()).append(" | ").append(BenchReport.fmt(w.path("seconds").asDouble()))
                        .append(" | ").append(w.path("requests").asLong()).append(" | ").append(w.path("failed").asLong()).append(" | ")
                        .append(ms(w, "p50Micros")).append(" | ").append(ms(w, "p95Micros")).append(" | ").append(ms(w, "p99Micros"))
                        .append(" | ").append(ms(w, "maxMicros")).append(" |\n");
            }
        }
        section.append("\nFailures by request and answer: ");
        for (String kind : List.of("none", "faulty", "good")) {
            section.append(kind.equals("none") ? "no canary " : kind + " split ")
                    .append(r.path("latency").path(kind).path("failures").isEmpty() ? "none"
                            : r.path("latency").path(kind).path("failures").toString().replace("\"", "")).append("; ");
        }
        JsonNode warnings = r.path("usEastAgentWarnings");
        if (!warnings.isEmpty()) {
            List<java.util.Map.Entry<String, JsonNode>> top = new java.util.ArrayList<>();
            warnings.fields().forEachRemaining(top::add);
            top.sort((a, b) -> Long.compare(b.getValue().asLong(), a.getValue().asLong()));
            section.append("\nThe us-east agent's most frequent warnings in the run (numbers masked): ");
            top.stream().limit(3).forEach(e -> section.append('`').append(e.getKey().replace("`", "'")).append("` × ")
                    .append(e.getValue().asLong()).append("; "));
        }
        section.append("\n\n");
        Files.writeString(md, TrustReportSection.splice(Files.readString(md), List.of(STABLE_ROW, ABORT_ROW, COST_ROW), rows, HEADING,
                section.toString()));
        System.out.println("[bench] " + rows.replace("\n", "\n[bench] "));
    }

    private static JsonNode goodRun(JsonNode r) {
        for (JsonNode run : r.path("runs")) {
            if (run.path("release").asText().equals("good")) {
                return run;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String dist(JsonNode d) {
        return "p50 " + d.path("p50").asLong() + " ms, p95 " + d.path("p95").asLong() + " ms, p99 " + d.path("p99").asLong()
                + " ms, max " + d.path("max").asLong() + " ms";
    }

    private static String distRow(String what, JsonNode d, long target, boolean allAborted) {
        return "| " + what + " | " + d.path("p50").asLong() + " ms | " + d.path("p95").asLong() + " ms | " + d.path("p99").asLong() + " ms | "
                + d.path("max").asLong() + " ms | ≤ " + BenchReport.fmt(target / 1000.0) + " s | **"
                + (allAborted && d.path("max").asLong() <= target ? "PASS" : "FAIL") + "** |\n";
    }

    private static void latencyRow(StringBuilder section, String what, JsonNode k) {
        section.append("| ").append(what).append(" | ").append(k.has("seconds") ? BenchReport.fmt(k.path("seconds").asDouble()) : "").append(" | ")
                .append(k.path("requests").asLong()).append(" | ").append(k.path("failed").asLong()).append(" | ")
                .append(ms(k, "p50Micros")).append(" | ").append(ms(k, "p95Micros")).append(" | ").append(ms(k, "p99Micros"))
                .append(" | ").append(ms(k, "maxMicros")).append(" |\n");
    }

    private static String ms(JsonNode k, String field) {
        return k.path(field).asLong(-1) < 0 ? "—" : BenchReport.fmt(k.path(field).asDouble() / 1000.0) + " ms";
    }
}
