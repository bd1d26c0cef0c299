package com.companyos.trustreports.internal;

import com.companyos.agentapi.control.ResidencyFacts;
import com.companyos.pki.MerkleTree;
import com.companyos.reports.PdfComposer;
import com.companyos.reports.ReportBlock;
import com.companyos.reports.ReportDocument;
import com.companyos.reports.VeraPdf;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.companyos.trustreports.internal.OrderedMaps.ordered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped template renders with fixed facts (with and without a drill) into PDF/A-3b; template mistakes name their line. */
class TrustReportTemplateTest {

    static final Instant FROM = Instant.parse("2026-10-24T00:00:00Z");
    static final Instant TO = Instant.parse("2026-11-23T00:00:00Z");

    static TrustReportTemplate shipped() throws Exception {
        return TrustReportTemplate.parse("trust-report.md", Files.readString(Path.of("reports/templates/trust-report.md")), TrustReportBlocks.NAMES);
    }

    /** Facts as the collector writes them, for a tenant with receipts in two regions over 30 days. */
    static Map<String, Object> facts(boolean drilled) {
        List<ResidencyFacts> regions = new ArrayList<>();
        for (String region : List.of("eu-west", "eu-central")) {
            Map<Instant, ResidencyFacts.Hour> hours = new java.util.TreeMap<>();
            for (int h = 0; h < 30 * 24; h += 7) {
                Instant at = FROM.plusSeconds(h * 3600L);
                hours.put(at, new ResidencyFacts.Hour(at, 1000 + h, 990 + h, 10, HexFormat.of().formatHex(MerkleTree.leaf(region + h)), true));
            }
            long receipts = hours.values().stream().mapToLong(ResidencyFacts.Hour::receipts).sum();
            regions.add(new ResidencyFacts(region, "acme-eu", FROM, TO, TO, receipts, receipts - 10L * hours.size(), 10L * hours.size(),
                    MerkleTree.EMPTY_ROOT, List.copyOf(hours.values()),
                    List.of(new ResidencyFacts.SeamCount("WRITE", true, 90_000), new ResidencyFacts.SeamCount("EXPORT", false, 12),
                            new ResidencyFacts.SeamCount("INGRESS", false, 3), new ResidencyFacts.SeamCount("REPLICATION", true, 4_000)),
                    List.of(new ResidencyFacts.BundleCount("2026.11.1", "a".repeat(64), 94_015)),
                    new ResidencyFacts.BundleInForce("standard", "2026.11.1", "a".repeat(64), FROM), 0));
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("classification", "internal");
        facts.put("retention", "7-years");
        facts.put("report", ordered("id", "0190-test", "generatedAt", TO.toString(), "generatedBy", "compliance1"));
        facts.put("period", ordered("from", FROM.toString(), "to", TO.toString(), "fromDate", "2026-10-24", "toDate", "2026-11-22", "open", false));
        facts.put("tenant", ordered("id", "t-1", "slug", "acme-eu", "name", "ACME Europe GmbH", "zone", "EU", "residencyLocked", true,
                "primaryRegion", "eu-west", "failoverRegion", "eu-central", "activeRegion", "eu-west", "standbyRegion", "eu-central",
                "failedOver", false, "policyChannel", "standard", "failoverOperations", "READ", "replicationMode", "ASYNC",
                "defaultClassification", "pii", "retentionPolicy", "7-years"));
        facts.put("residency", TrustResidency.facts(regions, List.of(ordered("region", "us-east", "reason", "connection refused")), FROM, TO));
        facts.put("merkle", Map.of("construction", TrustResidency.CONSTRUCTION));
        facts.put("policy", ordered("channel", "standard", "inForce", List.of(ordered("where", "eu-west", "channel", "standard",
                "version", "2026.11.1", "sha256", "a".repeat(64), "since", FROM.toString())), "used", List.of(ordered("version", "2026.11.1",
                "sha256", "a".repeat(64), "receipts", 94_015L))));
        facts.put("dcp", ordered("present", false, "requested", false, "statement", "acme-eu has no Dedicated Compliance Partition."));
        facts.put("dr", drilled ? ordered("drilled", true, "statement", "", "lastDrill", ordered("id", "d-1", "finishedAt", TO.toString(),
                "primaryRegion", "eu-west", "standbyRegion", "eu-central", "status", "PASSED", "passed", true,
                "rpo", ordered("targetSeconds", 1.0, "measuredSeconds", 0.04, "recordsLost", 1, "met", true),
                "rto", ordered("targetSeconds", 10.0, "measuredSeconds", 0.5, "met", true)))
                : ordered("drilled", false, "statement", "No disaster-recovery drill has run for acme-eu yet."));
        facts.put("availability", ordered("measured", false, "statement", "Availability is not reported.", "residencyProbe",
                ordered("ran", true, "checks", List.of(ordered("checkedAt", TO.toString(), "check", "wrong-zone export", "target", "us-archive",
                        "outcome", "DENIED")))));
        return facts;
    }

    static Map<String, Object> context(Map<String, Object> facts) {
        Map<String, Object> context = new LinkedHashMap<>(facts);
        context.put("delivery", ordered("downloadedBy", "Cory Customer (customer)", "downloadedAt", TO.toString(), "factsSha256", "f".repeat(64),
                "fileName", "trust-report-acme-eu-2026-10-24-to-2026-11-22.pdf", "documentSigner", "CN=CompanyOS document signing"));
        return context;
    }

    @Test
    void the_shipped_template_renders_both_variants_into_pdf_a_3b_with_vector_charts() throws Exception {
        for (boolean drilled : List.of(true, false)) {
            Map<String, Object> facts = facts(drilled);
            ReportDocument doc = shipped().render(context(facts), new TrustReportBlocks(facts)).watermark("Downloaded by test").build();
            assertThat(doc.blocks()).filteredOn(b -> b instanceof ReportBlock.BarChart).hasSize(3);
            assertThat(doc.blocks()).filteredOn(b -> b instanceof ReportBlock.Code).hasSize(4);
            String text = doc.blocks().toString();
            assertThat(text).contains(drilled ? "Last DR drill" : "No disaster-recovery drill has run").contains("us-east (connection refused)")
                    .doesNotContain("{{");
            byte[] pdf = new PdfComposer(Clock.fixed(TO, ZoneOffset.UTC)).compose(doc);
            assertThat(VeraPdf.pdfA3bViolations(pdf)).isEmpty();
            Path out = Path.of("target", "pdf-preview");
            Files.createDirectories(out);
            Files.write(out.resolve("trust-report-template-" + (drilled ? "drilled" : "no-drill") + ".pdf"), pdf);
        }
    }

    @Test
    void the_combined_root_is_the_tree_over_the_regions_entries() {
        Map<String, Object> residency = TrustResidency.facts(List.of(
                new ResidencyFacts("eu-west", "t", FROM, TO, TO, 5, 4, 1, "ab".repeat(32), List.of(), List.of(), List.of(), null, 0),
                new ResidencyFacts("us-east", "t", FROM, TO, TO, 0, 0, 0, MerkleTree.EMPTY_ROOT, List.of(), List.of(), List.of(), null, 0),
                new ResidencyFacts("eu-central", "t", FROM, TO, TO, 2, 2, 0, "cd".repeat(32), List.of(), List.of(), List.of(), null, 0)),
                List.of(), FROM, TO);
        assertThat(residency.get("merkleRoot")).isEqualTo(MerkleTree.root(List.of(MerkleTree.leaf("eu-central:2:" + "cd".repeat(32)),
                MerkleTree.leaf("eu-west:5:" + "ab".repeat(32)))));
        assertThat(residency.get("receipts")).isEqualTo(7L);
        assertThat(residency.get("denied")).isEqualTo(1L);
    }

    @Test
    void merkle_tree_hash_follows_rfc_6962() {
        byte[] a = MerkleTree.leaf("a".getBytes(StandardCharsets.UTF_8));
        byte[] b = MerkleTree.leaf("b".getBytes(StandardCharsets.UTF_8));
        byte[] c = MerkleTree.leaf("c".getBytes(StandardCharsets.UTF_8));
        assertThat(MerkleTree.root(List.of())).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(MerkleTree.root(List.of(a))).isEqualTo(HexFormat.of().formatHex(a));
        // Three leaves split 2 + 1: node(node(a, b), c).
        assertThat(MerkleTree.root(List.of(a, b, c))).isEqualTo(HexFormat.of().formatHex(node(node(a, b), c)));
    }

    private static byte[] node(byte[] left, byte[] right) {
        try {
            var sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update((byte) 1);
            sha.update(left);
            return sha.digest(right);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void template_mistakes_name_their_line() {
        assertThatThrownBy(() -> TrustReportTemplate.parse("t", "title: T\n---\n# A\n{{chart:pie}}\n", TrustReportBlocks.NAMES))
                .hasMessageContaining("line 4").hasMessageContaining("no block {{chart:pie}}");
        assertThatThrownBy(() -> TrustReportTemplate.parse("t", "title: T\n---\n{{#if dr.drilled}}\ntext\n", TrustReportBlocks.NAMES))
                .hasMessageContaining("line 3").hasMessageContaining("never closed");
        assertThatThrownBy(() -> TrustReportTemplate.parse("t", "# no front matter\n", TrustReportBlocks.NAMES))
                .hasMessageContaining("title:");
        TrustReportTemplate unknownFact = TrustReportTemplate.parse("t", "title: T\n---\n\nSee {{tenant.colour}}.\n", TrustReportBlocks.NAMES);
        Map<String, Object> facts = facts(false);
        assertThatThrownBy(() -> unknownFact.render(context(facts), new TrustReportBlocks(facts)))
                .hasMessageContaining("line 4").hasMessageContaining("no 'tenant.colour'");
    }
}
