package com.companyos.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The executive overview's section of {@code docs/benchmarks.md} (from {@link OverviewLoad}'s JSON). A full
 * {@code bin/bench} run includes it through {@link BenchReport}; {@code BENCH_ONLY=overview bin/bench} replaces just this
 * section (between its markers) and leaves the others as the last full run wrote them.
 */
final class OverviewReport {

    static final double P95_TARGET_MS = 300.0;
    static final String START = "<!-- overview:start -->";
    static final String END = "<!-- overview:end -->";

    private OverviewReport() {
    }

    /** The target row: p95 of the server render (the HTTP render when measured, else the service call). */
    static String[] target(JsonNode overview) {
        JsonNode http = result(overview, "HTTP");
        JsonNode measured = http != null ? http : result(overview, "service");
        String label = "Executive overview server render p95 ≤ " + (int) P95_TARGET_MS + " ms with 1,000 tenants and 10 million receipts";
        if (measured == null) {
            return new String[]{label, "not measured", "FAIL"};
        }
        double p95 = measured.path("p95Micros").asLong() / 1000.0;
        return new String[]{label, "p95 " + BenchReport.fmt(p95) + " ms (" + measured.path("name").asText() + ")",
                p95 <= P95_TARGET_MS ? "PASS" : "FAIL"};
    }

    static String section(JsonNode o, String commit) {
        StringBuilder md = new StringBuilder(START).append('\n');
        md.append("## Executive overview at scale\n\n");
        String[] target = target(o);
        md.append("**").append(target[0]).append(": ").append(target[1]).append(" — ").append(target[2]).append("** (commit `")
                .append(commit).append("`, load average (1, 5, 15 min) before / after ")
                .append(BenchReport.loadAverage(o.path("loadAverageBefore").asText())).append(" / ")
                .append(BenchReport.loadAverage(o.path("loadAverageAfter").asText())).append(" on ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs: whatever else runs on the machine shows up in these ")
                .append("numbers).\n\n");
        md.append("The whole product as the embedded default runs it, plus ").append(o.path("tenants").asLong())
                .append(" active tenants and the hourly rollups of ").append(String.format(java.util.Locale.ROOT, "%,d", o.path("decisionsInRollups").asLong()))
                .append(" residency decisions (one signed receipt each) over the last 30 days: ")
                .append(String.format(java.util.Locale.ROOT, "%,d", o.path("rollupRows").asLong()))
                .append(" per-tenant rollup rows, ").append(o.path("regionRollupRows").asLong()).append(" platform rows; seeded with ")
                .append("`generate_series` SQL in ").append(BenchReport.fmt(o.path("seedSeconds").asDouble())).append(" s. The receipts and ")
                .append("decision logs themselves live in the regions' databases, which the overview never reads (ADR 0010). ")
                .append("\"Service call\" is `OverviewService.assemble()`: what the console does in the background to refresh the overview's ")
                .append("snapshot (on a change, and every 10 s while anyone watches); \"HTTP\" is a page view — a signed-in executive's Chromium ")
                .append("navigating to `/`, timed from the request to the first byte of the UIDL response that carries the rendered view (the ")
                .append("server's share; the browser's drawing is not counted).\n\n");
        md.append("| Measurement | Samples | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|\n");
        for (JsonNode r : o.path("results")) {
            row(md, r);
        }
        if (o.has("parts")) {
            md.append("\nWhere the assembly's time goes (each part called alone):\n\n| Part | Samples | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|\n");
            for (JsonNode r : o.path("parts")) {
                row(md, r);
            }
        }
        md.append("\nRun alone: `BENCH_ONLY=overview bin/bench` (about 3 minutes; replaces only this section).\n");
        return md.append(END).append('\n').toString();
    }

    private static void row(StringBuilder md, JsonNode r) {
        md.append("| ").append(r.path("name").asText()).append(" | ").append(r.path("samples").asInt()).append(" | ")
                .append(BenchReport.fmt(r.path("p50Micros").asLong() / 1000.0)).append(" ms | ")
                .append(BenchReport.fmt(r.path("p95Micros").asLong() / 1000.0)).append(" ms | ")
                .append(BenchReport.fmt(r.path("p99Micros").asLong() / 1000.0)).append(" ms | ")
                .append(BenchReport.fmt(r.path("maxMicros").asLong() / 1000.0)).append(" ms |\n");
    }

    /** Replaces the overview section of an existing report (or appends it). */
    static void splice(Path md, JsonNode overview, String commit) throws IOException {
        String text = Files.exists(md) ? Files.readString(md) : "# Benchmarks\n\n";
        String section = section(overview, commit);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        String updated = start >= 0 && end > start ? text.substring(0, start) + section + text.substring(end + END.length() + 1)
                : text.stripTrailing() + "\n\n" + section;
        Files.writeString(md, updated);
    }

    private static JsonNode result(JsonNode o, String nameContains) {
        for (JsonNode r : o.path("results")) {
            if (r.path("name").asText().contains(nameContains)) {
                return r;
            }
        }
        return null;
    }
}
