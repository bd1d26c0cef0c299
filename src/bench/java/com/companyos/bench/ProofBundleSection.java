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
 * Puts the proof bundle case ({@link ProofBundleLoad}'s {@code proof-bundle.json}) into {@code docs/benchmarks.md}: its
 * row in the Targets table and its own section before "How to reproduce", replacing earlier ones and leaving every
 * other section as it is ({@code BENCH_ONLY=proof-bundle bin/bench}, or after the full run).
 *
 * <p>Usage: {@code ProofBundleSection <proof-bundle.json> <benchmarks.md> [commit]}
 */
public final class ProofBundleSection {

    static final double TARGET_SECONDS = 30.0;
    static final double TARGET_HEAP_MIB = 64.0;
    static final String ROW = "| Residency proof bundle of 1 million receipts: built ≤ 30 s while it streams, ≤ 64 MB added to the agent's heap, verifies offline";
    static final String HEADING = "## Residency proof bundle (1 million receipts)";

    private ProofBundleSection() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode r = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        Path md = Path.of(args[1]);
        String commit = args.length > 2 ? args[2] : "unknown";
        double seconds = r.path("buildSeconds").asDouble();
        // What the build adds: its live peak over the larger of the post-GC baseline and the idle control's peak.
        double heap = r.path("heapDeltaOverIdleMiB").asDouble();
        boolean verified = r.path("verified").asBoolean();
        boolean pass = seconds <= TARGET_SECONDS && heap <= TARGET_HEAP_MIB && verified && r.path("bundleReceipts").asLong() >= 1_000_000;
        String row = ROW + " | " + String.format("%,d", r.path("bundleReceipts").asLong()) + " receipts in " + BenchReport.fmt(seconds)
                + " s (first byte after " + BenchReport.fmt(r.path("firstByteSeconds").asDouble()) + " s), "
                + mib(r.path("zipBytes").asLong()) + " zip; agent heap +" + BenchReport.fmt(heap) + " MiB live over an idle control (+"
                + BenchReport.fmt(r.path("heapDeltaMiB").asDouble()) + " MiB over the post-GC baseline); "
                + (verified ? "VERIFY.md's commands pass" : "verification FAILED") + " | **" + (pass ? "PASS" : "FAIL") + "** |";
        StringBuilder s = new StringBuilder(HEADING).append("\n\n");
        s.append("Measured at commit `").append(commit).append("` by `BENCH_ONLY=proof-bundle bin/bench` (`ProofBundleLoad`): the whole embedded ")
                .append("product, a tenant in eu-west with ").append(String.format("%,d", r.path("receiptsInRegion").asLong()))
                .append(" receipts in the eu-west agent's PostgreSQL (").append(String.format("%,d", r.path("receiptsSeeded").asLong()))
                .append(" of the real shape over the 30 days before the current hour, each signed for real with the region's Ed25519 key, ")
                .append("loaded with `COPY` in ").append(BenchReport.fmt(r.path("seedSeconds").asDouble())).append(" s). ")
                .append("The bundle of the 30 days plus the running hour is started and downloaded through the console as a person's download ")
                .append("is: the agent reads the receipts from a cursor and writes the zip into its response as it reads them, and the console ")
                .append("relays the stream; neither holds the bundle.\n\n");
        s.append("| Measure | Value |\n|---|---:|\n");
        s.append("| Receipts in the bundle | ").append(String.format("%,d", r.path("bundleReceipts").asLong())).append(" |\n");
        s.append("| Build + download, start to last byte | ").append(BenchReport.fmt(seconds)).append(" s |\n");
        s.append("| First byte reached the downloader after | ").append(BenchReport.fmt(r.path("firstByteSeconds").asDouble())).append(" s |\n");
        s.append("| Zip | ").append(String.format("%,d", r.path("zipBytes").asLong())).append(" bytes, ").append(r.path("files").asLong())
                .append(" files (`receipts.jsonl` ").append(mib(r.path("receiptsJsonlBytes").asLong())).append(" unpacked) |\n");
        s.append("| Agent heap added over the post-GC baseline (live objects every 3 s of a second build, by `jcmd GC.class_histogram`, which collects first; baseline ")
                .append(BenchReport.fmt(r.path("heapBaselineMiB").asDouble())).append(" MiB) | +").append(BenchReport.fmt(r.path("heapDeltaMiB").asDouble())).append(" MiB |\n");
        s.append("| Agent heap live with no build (4 samples over 12 s just before it, the control) | ")
                .append(list(r.path("heapIdleSamplesMiB"))).append(" MiB |\n");
        s.append("| Agent heap live during the build (samples) | ").append(list(r.path("heapLiveSamplesMiB"))).append(" MiB |\n");
        s.append("| Agent heap added over the control's peak | +").append(BenchReport.fmt(r.path("heapDeltaOverIdleMiB").asDouble())).append(" MiB |\n");
        s.append("| Agent heap in use before those GCs, peak (garbage included; the young generation fills before each collection) | ")
                .append(BenchReport.fmt(r.path("heapUsedBeforeGcPeakMiB").asDouble())).append(" MiB |\n");
        s.append("| Agent resident memory added (first build) | +").append(BenchReport.fmt(r.path("agentRssDeltaMiB").asDouble())).append(" MiB |\n");
        s.append("| Second build (with the GCs) | ").append(BenchReport.fmt(r.path("secondBuildSeconds").asDouble())).append(" s |\n");
        s.append("| Offline verification (VERIFY.md's commands; `verify.py` roots and counts in full, signatures of ")
                .append(r.path("verifySample").asInt()).append(" random receipts) | ").append(verified ? "passed" : "FAILED").append(", ")
                .append(BenchReport.fmt(r.path("verifySeconds").asDouble())).append(" s |\n\n");
        s.append("Agent JVM options: `").append(r.path("agentJvmOptions").asText()).append("`. Load average (1, 5, 15 min) at the end: ")
                .append(String.join(", ", Arrays.asList(r.path("loadAverage").asText().split("\\s+")).subList(0, 3))).append(".\n\n");
        s.append("`verify.py` checks signatures in plain Python at about 1.5 ms each, so all of a million takes about 25 minutes; the bench ")
                .append("checks a sample, the ITs check every receipt of their bundles (in Java and with `verify.py`).\n\n");
        if (r.has("verifyOutput")) {
            s.append("```\n").append(r.path("verifyOutput").asText()).append("\n```\n\n");
        }
        Files.writeString(md, TrustReportSection.splice(Files.readString(md), ROW, HEADING, row, s.toString()));
        System.out.println("[bench] " + row);
    }

    private static String list(JsonNode values) {
        List<String> v = new ArrayList<>();
        values.forEach(x -> v.add(BenchReport.fmt(x.asDouble())));
        return String.join(", ", v);
    }

    private static String mib(long bytes) {
        return BenchReport.fmt(bytes / 1048576.0) + " MiB";
    }
}
