package com.companyos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Puts the DCP case ({@link DcpLoad}'s {@code dcp.json}) into {@code docs/benchmarks.md}: its rows in the Targets table
 * and its own section, replacing earlier ones and leaving the rest as it is ({@code BENCH_ONLY=dcp bin/bench}).
 *
 * <p>Usage: {@code DcpSection <dcp.json> <benchmarks.md> [commit]}
 */
public final class DcpSection {

    static final String ROW = "| DCP governed write p95 ≤ 1.2× shared p95 (same run, 500/s)";
    static final String HEADING = "## Dedicated Compliance Partitions";

    private DcpSection() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode r = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Path md = Path.of(args[1]);
        String commit = args.length > 2 ? args[2] : "unknown";
        double shared = r.path("sharedP95Micros").asDouble() / 1000.0;
        double dcp = r.path("dcpP95Micros").asDouble() / 1000.0;
        double ratio = dcp / shared;
        double start = 0;
        for (JsonNode s : r.path("poolStartSeconds")) {
            start = Math.max(start, s.asDouble());
        }
        double mb = (r.path("agentRssKb").asLong() + r.path("postgresPssKb").asLong()) / 1024.0;
        String rows = ROW + " | DCP p95 " + BenchReport.fmt(dcp) + " ms / shared p95 " + BenchReport.fmt(shared) + " ms = "
                + String.format("%.2f×", ratio) + " | **" + (ratio <= 1.2 ? "PASS" : "FAIL") + "** |\n"
                + "| Critical flow (governed write) p95 < 1.5 s with DCP enabled | DCP p95 " + BenchReport.fmt(dcp) + " ms | **"
                + (dcp < 1500 ? "PASS" : "FAIL") + "** |\n"
                + "| DCP pool start ≤ 20 s to serving | slowest region " + BenchReport.fmt(start) + " s | **" + (start <= 20 ? "PASS" : "FAIL") + "** |\n"
                + "| DCP agent + its PostgreSQL resident memory ≤ 350 MB | " + BenchReport.fmt(mb) + " MB (agent RSS + PostgreSQL PSS) | **"
                + (mb <= 350 ? "PASS" : "FAIL") + "** |";
        StringBuilder section = new StringBuilder(HEADING).append("\n\n");
        section.append("Measured at commit `").append(commit).append("` by `BENCH_ONLY=dcp bin/bench` (`DcpLoad`): the whole embedded product, ")
                .append("a shared tenant and a tenant with its own partition, both in eu-west (standby eu-central). The partition was requested, ")
                .append("approved by two compliance officers and provisioned in ").append(BenchReport.fmt(r.path("provisionSeconds").asDouble()))
                .append(" s (both regions' pools, namespaces, the move, routing, standby in sync). Governed writes open-loop at ")
                .append(r.path("rate").asInt()).append("/s, ").append(BenchReport.fmt(r.path("phaseSeconds").asDouble()))
                .append(" s per phase, alternating shared / DCP twice after a warm-up of each; the worse round of each counts. ")
                .append("Load average (1, 5, 15 min) at the end: ")
                .append(String.join(", ", Arrays.asList(r.path("loadAverage").asText().split("\\s+")).subList(0, 3))).append(".\n\n");
        section.append("| Phase | Achieved | OK | Failed | Timed out | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (JsonNode p : r.path("phases")) {
            section.append("| ").append(p.path("name").asText()).append(" | ").append(p.path("achievedRate").asText()).append("/s | ")
                    .append(p.path("succeeded").asLong()).append(" | ").append(p.path("failed").asLong()).append(" | ")
                    .append(p.path("timedOut").asLong()).append(" | ").append(us(p, "p50Micros")).append(" | ").append(us(p, "p95Micros"))
                    .append(" | ").append(us(p, "p99Micros")).append(" | ").append(us(p, "maxMicros")).append(" |\n");
        }
        section.append("\nPool start per region (launch → its own PostgreSQL initialised → agent healthy): ");
        r.path("poolStartSeconds").fields().forEachRemaining(e -> section.append(e.getKey()).append(' ')
                .append(BenchReport.fmt(e.getValue().asDouble())).append(" s; "));
        section.append("\nMemory of the eu-west partition: agent JVM RSS ").append(r.path("agentRssKb").asLong() / 1024).append(" MB, its PostgreSQL ")
                .append(r.path("postgresPssKb").asLong() / 1024).append(" MB PSS (").append(r.path("postgresRssKb").asLong() / 1024)
                .append(" MB RSS summed over its processes, shared buffers counted in each).\n\n");
        Files.writeString(md, TrustReportSection.splice(Files.readString(md), java.util.List.of(ROW, "| Critical flow (governed write) p95 < 1.5 s",
                "| DCP pool start", "| DCP agent + its PostgreSQL"), rows, HEADING, section.toString()));
        System.out.println("[bench] " + rows.replace("\n", "\n[bench] "));
    }

    private static String us(JsonNode p, String field) {
        return BenchReport.fmt(p.path(field).asDouble() / 1000.0) + " ms";
    }
}
