package com.companyos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Puts the Trust Report case ({@link TrustReportLoad}'s {@code trust-report.json}) into {@code docs/benchmarks.md}: its
 * row in the Targets table and its own section before "How to reproduce", replacing earlier ones and leaving every other
 * section as it is — so the case can run alone ({@code BENCH_ONLY=trust-report bin/bench}) or after the full run.
 *
 * <p>Usage: {@code TrustReportSection <trust-report.json> <benchmarks.md> [commit]}
 */
public final class TrustReportSection {

    static final double TARGET_MS = 1000.0;
    static final String ROW = "| Trust Report generation ≤ 1 s for a tenant with 1 million receipts";
    static final String HEADING = "## Trust Report generation (1 million receipts)";

    private TrustReportSection() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode r = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Path md = Path.of(args[1]);
        String commit = args.length > 2 ? args[2] : "unknown";
        double p95 = r.path("total").path("p95Millis").asDouble();
        String row = ROW + " | p50 " + ms(r, "total", "p50Millis") + ", p95 " + ms(r, "total", "p95Millis") + ", p99 " + ms(r, "total", "p99Millis")
                + " (generate + signed download, " + r.path("iterations").asInt() + " runs) | **" + (p95 <= TARGET_MS ? "PASS" : "FAIL") + "** |";
        StringBuilder section = new StringBuilder(HEADING).append("\n\n");
        section.append("Measured at commit `").append(commit).append("` by `BENCH_ONLY=trust-report bin/bench` (`TrustReportLoad`): the whole embedded ")
                .append("product, a tenant in eu-west with ").append(String.format("%,d", r.path("receiptsInRegion").asLong()))
                .append(" receipts in the eu-west agent's PostgreSQL (").append(String.format("%,d", r.path("receiptsSeeded").asLong()))
                .append(" seeded with `generate_series` in ").append(BenchReport.fmt(r.path("seedSeconds").asDouble()))
                .append(" s over the 30 days before the current hour: 95 % writes, reads, replication batches, denied exports and misdirected ")
                .append("requests; bodies of the real receipt shape), sealed by the agent into ").append(r.path("rollupHours").asLong())
                .append(" hourly rollups in ").append(BenchReport.fmt(r.path("sealSeconds").asDouble()))
                .append(" s. Each run generates the report for the 30 days plus the running hour (every region asked for its aggregates ")
                .append("over mutual TLS, facts kept) and downloads a copy (template, vector charts, PDF/A-3b with attachments, PAdES ")
                .append("signature; ").append(String.format("%,d", r.path("pdfBytes").asLong())).append(" bytes), after 3 warm-up runs. ")
                .append("Load average (1, 5, 15 min) at the end: ")
                .append(String.join(", ", Arrays.asList(r.path("loadAverage").asText().split("\\s+")).subList(0, 3))).append(".\n\n");
        section.append("| Step | p50 | p95 | p99 | max | mean |\n|---|---:|---:|---:|---:|---:|\n");
        for (String[] step : new String[][]{{"generate + signed download", "total"}, {"generate (regions' aggregates, facts kept)", "generate"},
                {"signed download (render, PDF/A-3b, PAdES)", "download"}}) {
            section.append("| ").append(step[0]).append(" | ").append(ms(r, step[1], "p50Millis")).append(" | ").append(ms(r, step[1], "p95Millis"))
                    .append(" | ").append(ms(r, step[1], "p99Millis")).append(" | ").append(ms(r, step[1], "maxMillis")).append(" | ")
                    .append(ms(r, step[1], "meanMillis")).append(" |\n");
        }
        section.append('\n');
        Files.writeString(md, splice(Files.readString(md), row, section.toString()));
        System.out.println("[bench] " + row);
    }

    /** The document with the Targets row and the section replaced or added. */
    static String splice(String md, String row, String section) {
        return splice(md, List.of(ROW), row, HEADING, section);
    }

    /** The document with the Targets row starting with {@code rowPrefix} and the section under {@code heading} replaced or added. */
    static String splice(String md, String rowPrefix, String heading, String row, String section) {
        return splice(md, List.of(rowPrefix), row, heading, section);
    }

    /**
     * The document with the Targets rows starting with any of {@code rowPrefixes} replaced by {@code rows} (one or more
     * lines; added after the last target row when none existed) and the section under {@code heading} replaced by
     * {@code section} (added before "How to reproduce" when none existed).
     */
    static String splice(String md, List<String> rowPrefixes, String rows, String heading, String section) {
        List<String> lines = new ArrayList<>(Arrays.asList(md.split("\n", -1)));
        int at = -1;
        int lastTargetRow = -1;
        boolean inTargets = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                inTargets = line.equals("## Targets");
            } else if (inTargets && line.startsWith("| ")) {
                if (rowPrefixes.stream().anyMatch(line::startsWith)) {
                    at = at < 0 ? i : at;
                    lines.remove(i--);
                    continue;
                }
                lastTargetRow = i;
            }
        }
        int insert = at >= 0 ? at : lastTargetRow + 1;
        if (insert > 0) {
            lines.addAll(insert, Arrays.asList(rows.split("\n")));
        }
        String text = String.join("\n", lines);
        int start = text.indexOf(heading);
        if (start >= 0) {
            int end = text.indexOf("\n## ", start + heading.length());
            text = text.substring(0, start) + text.substring(end < 0 ? text.length() : end + 1);
        }
        int reproduce = text.indexOf("## How to reproduce");
        return reproduce < 0 ? text + "\n" + section : text.substring(0, reproduce) + section + text.substring(reproduce);
    }

    private static String ms(JsonNode r, String step, String field) {
        return BenchReport.fmt(r.path(step).path(field).asDouble()) + " ms";
    }
}
