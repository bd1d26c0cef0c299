package com.companyos.trustreports.internal;

import com.companyos.reports.ReportBlock;
import com.companyos.reports.ReportDocument;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The template's {@code {{kind:name}}} blocks: tables, charts, key facts and status lines, each drawn from the report's
 * facts (the parsed trust-report.json), so the PDF shows nothing the attached JSON does not hold.
 */
public final class TrustReportBlocks {

    /** Every block a template may use. */
    public static final Set<String> NAMES = Set.of("status:summary", "status:unavailable-regions", "status:dr", "facts:tenant",
            "facts:dcp", "facts:dr-setup", "table:residency-regions", "table:decisions-by-seam", "chart:decisions-by-seam",
            "chart:allowed-per-day", "chart:denied-per-day", "table:policy-in-force", "table:policy-used", "table:dr-last-drill",
            "table:residency-probe");

    static final Color ALLOWED = new Color(0x1F, 0x4E, 0x79);
    static final Color DENIED = new Color(0xCF, 0x22, 0x2E);

    private final Map<String, Object> facts;

    public TrustReportBlocks(Map<String, Object> facts) {
        this.facts = facts;
    }

    void add(String block, ReportDocument.Builder doc) {
        switch (block) {
            case "status:summary" -> doc.status(list("residency.unavailable").isEmpty() ? ReportBlock.Outcome.PASS : ReportBlock.Outcome.WARN,
                    "Residency enforced: " + count("residency.allowed") + " operations allowed in place, " + count("residency.denied")
                            + " violations prevented, " + count("residency.receipts") + " signed receipts.");
            case "status:unavailable-regions" -> doc.status(ReportBlock.Outcome.WARN, "Not counted, because the region could not be asked "
                    + "when the report was generated: " + String.join("; ", list("residency.unavailable").stream()
                    .map(u -> map(u).get("region") + " (" + map(u).get("reason") + ")").toList()));
            case "status:dr" -> doc.status(Boolean.TRUE.equals(get("dr.lastDrill.passed")) ? ReportBlock.Outcome.PASS : ReportBlock.Outcome.FAIL,
                    "Last DR drill " + get("dr.lastDrill.finishedAt") + ": " + (Boolean.TRUE.equals(get("dr.lastDrill.passed")) ? "met" : "missed")
                            + " its targets (" + get("dr.lastDrill.primaryRegion") + " → " + get("dr.lastDrill.standbyRegion") + ").");
            case "facts:tenant" -> doc.keyValues(keyValues("Tenant", get("tenant.name") + " (" + get("tenant.slug") + ")",
                    "Residency zone", get("tenant.zone"), "Residency lock", yes(get("tenant.residencyLocked")) ? "on" : "off",
                    "Primary region", get("tenant.primaryRegion"), "Failover region", get("tenant.failoverRegion"),
                    "Serving region now", get("tenant.activeRegion") + (yes(get("tenant.failedOver")) ? " (failed over)" : ""),
                    "Policy channel", get("tenant.policyChannel"), "Default classification / retention",
                    get("tenant.defaultClassification") + " / " + get("tenant.retentionPolicy"),
                    "Report classification / retention", get("classification") + " / " + get("retention")));
            case "facts:dcp" -> doc.keyValues(keyValues("Isolated pool", get("dcp.isolatedPool"), "Storage namespace", get("dcp.storageNamespace"),
                    "Key fingerprint", get("dcp.keyFingerprint"), "Policy channel", get("dcp.policyChannel")));
            case "facts:dr-setup" -> doc.keyValues(keyValues("Active region", get("tenant.activeRegion"), "Warm standby", get("tenant.standbyRegion"),
                    "Replication", get("tenant.replicationMode"), "Operations allowed during failover", get("tenant.failoverOperations")));
            case "table:residency-regions" -> doc.table(List.of("Region", "Receipts", "Allowed", "Denied", "Merkle root of the period"),
                    list("residency.regions").stream().map(r -> List.of(str(map(r).get("region")), count(map(r).get("receipts")),
                            count(map(r).get("allowed")), count(map(r).get("denied")), str(map(r).get("merkleRoot")))).toList(),
                    List.of(1.2, 1.1, 1.1, 1.0, 4.6));
            case "table:decisions-by-seam" -> doc.table(List.of("Seam", "Allowed", "Denied (violations prevented)"),
                    seamRows().stream().map(r -> List.of(str(r.get("label")), count(r.get("allowed")), count(r.get("denied")))).toList(),
                    List.of(2.0, 1.0, 1.6));
            case "chart:decisions-by-seam" -> doc.barChart("Receipts by seam and outcome in the period (all regions)",
                    seamRows().stream().map(r -> str(r.get("label"))).toList(),
                    List.of(new ReportBlock.Series("Allowed", ALLOWED, seamRows().stream().map(r -> number(r.get("allowed"))).toList()),
                            new ReportBlock.Series("Denied", DENIED, seamRows().stream().map(r -> number(r.get("denied"))).toList())), true);
            case "chart:allowed-per-day" -> daily(doc, "allowed", "Allowed operations per day (UTC)", ALLOWED);
            case "chart:denied-per-day" -> daily(doc, "denied", "Denied attempts (violations prevented) per day (UTC)", DENIED);
            case "table:policy-in-force" -> doc.table(List.of("Where", "Channel", "Version", "SHA-256", "Since"),
                    list("policy.inForce").stream().map(p -> List.of(str(map(p).get("where")), str(map(p).get("channel")),
                            str(map(p).get("version")), str(map(p).get("sha256")), str(map(p).get("since")))).toList(),
                    List.of(1.4, 1.5, 1.3, 4.0, 2.2));
            case "table:policy-used" -> doc.table(List.of("Version", "SHA-256", "Receipts"),
                    list("policy.used").stream().map(p -> List.of(str(map(p).get("version")), str(map(p).get("sha256")),
                            count(map(p).get("receipts")))).toList(), List.of(1.3, 4.6, 1.1));
            case "table:dr-last-drill" -> doc.table(List.of("Objective", "Target", "Measured", "Result"), List.of(
                    objective("RPO", "dr.lastDrill.rpo"), objective("RTO", "dr.lastDrill.rto")), List.of(1.0, 1.2, 2.4, 0.8));
            case "table:residency-probe" -> doc.table(List.of("Checked", "Check", "Target", "Outcome"),
                    list("availability.residencyProbe.checks").stream().map(c -> List.of(str(map(c).get("checkedAt")), str(map(c).get("check")),
                            str(map(c).get("target")), str(map(c).get("outcome")))).toList(), List.of(2.2, 2.0, 1.6, 1.0));
            default -> throw new IllegalArgumentException("No Trust Report block " + block);
        }
    }

    private void daily(ReportDocument.Builder doc, String field, String caption, Color color) {
        List<Object> days = list("residency.daily");
        doc.barChart(caption, days.stream().map(d -> str(map(d).get("day")).substring(5)).toList(),
                List.of(new ReportBlock.Series(field.equals("allowed") ? "Allowed" : "Denied", color,
                        days.stream().map(d -> number(map(d).get(field))).toList())), false);
    }

    private List<String> objective(String name, String path) {
        return List.of(name, String.format(Locale.ROOT, "≤ %.1f s", number(get(path + ".targetSeconds"))),
                String.format(Locale.ROOT, "%.3f s", number(get(path + ".measuredSeconds"))), yes(get(path + ".met")) ? "PASS" : "FAIL");
    }

    private List<Map<String, Object>> seamRows() {
        return list("residency.bySeam").stream().map(TrustReportBlocks::map).toList();
    }

    private Object get(String path) {
        Object value = facts;
        for (String part : path.split("\\.")) {
            value = value instanceof Map<?, ?> m ? m.get(part) : null;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(String path) {
        Object value = get(path);
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, String> keyValues(Object... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(str(pairs[i]), str(pairs[i + 1]));
        }
        return m;
    }

    private String count(String path) {
        return count(get(path));
    }

    private static String count(Object value) {
        return value instanceof Number n ? String.format(Locale.ROOT, "%,d", n.longValue()) : "—";
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : 0;
    }

    private static boolean yes(Object value) {
        return Boolean.TRUE.equals(value);
    }

    private static String str(Object value) {
        return value == null ? "—" : value.toString();
    }
}
