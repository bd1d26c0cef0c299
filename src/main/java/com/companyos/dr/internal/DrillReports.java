package com.companyos.dr.internal;

import com.companyos.base.ArtifactType;
import com.companyos.dr.Drill;
import com.companyos.dr.FailoverTimeline;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.CanonicalJson;
import com.companyos.pki.Fingerprints;
import com.companyos.pki.SigningKey;
import com.companyos.tenants.Tenant;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A drill's signed report: the facts as canonical JSON (targets and measured RPO/RTO, pass/fail, the timeline, the
 * failover's decision and approvals, the writes checked), wrapped in an in-toto Statement and signed in a DSSE envelope
 * with the platform's Ed25519 key, so {@code openssl pkeyutl -verify -rawin} checks it over the envelope's PAE bytes.
 */
@Component
class DrillReports {

    static final String PREDICATE = "https://companyos.example/dr-drill-report/v1";

    /** What the drill measured from data. */
    record Rpo(int checked, long lost, double seconds, Instant lastAcknowledged, Instant lastSurvivor, List<String> lostKeys) {
    }

    record StepResult(int no, String name, Instant startedAt, Instant finishedAt, String detail) {
    }

    /** Whether the drill met both targets, and the report as JSON, its DSSE envelope and its signed PDF rendering. */
    record Signed(boolean passed, String json, String dsse, byte[] pdf) {
    }

    Signed build(Drill drill, Tenant tenant, List<StepResult> steps, Rpo rpo, double rtoSeconds, FailoverTimeline failover,
                 ControlPlaneKeys keys) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("artifact", ArtifactType.DR_DRILL_REPORT.description());
        facts.put("classification", ArtifactType.DR_DRILL_REPORT.classification());
        facts.put("retention", ArtifactType.DR_DRILL_REPORT.retention());
        facts.put("drillId", drill.id().toString());
        facts.put("tenant", Map.of("id", tenant.id().toString(), "slug", tenant.slug(), "zone", tenant.spec().zone().name(),
                "residencyLocked", tenant.spec().residencyLocked()));
        facts.put("primaryRegion", drill.primaryRegion());
        facts.put("standbyRegion", drill.standbyRegion());
        facts.put("replicationMode", tenant.replicationMode());
        facts.put("requestedBy", drill.requestedBy());
        facts.put("approvalRequest", drill.approvalRequestId() == null ? "" : drill.approvalRequestId().toString());
        facts.put("approvedBy", drill.approvedBy() == null ? "" : drill.approvedBy());
        boolean rpoOk = rpo.seconds() <= drill.targetRpoSeconds();
        boolean rtoOk = rtoSeconds <= drill.targetRtoSeconds();
        facts.put("targets", Map.of("rpoSeconds", drill.targetRpoSeconds(), "rtoSeconds", drill.targetRtoSeconds()));
        Map<String, Object> measured = new LinkedHashMap<>();
        measured.put("rpoRecordsLost", rpo.lost());
        measured.put("rpoSeconds", rpo.seconds());
        measured.put("acknowledgedWritesChecked", rpo.checked());
        measured.put("lastAcknowledgedOnPrimary", String.valueOf(rpo.lastAcknowledged()));
        measured.put("lastSurvivingWrite", String.valueOf(rpo.lastSurvivor()));
        measured.put("lostKeys", rpo.lostKeys());
        measured.put("rtoSeconds", rtoSeconds);
        measured.put("rtoDefinition", "from the SIGKILL of the primary agent to the first write acknowledged by the promoted region");
        facts.put("measured", measured);
        facts.put("result", Map.of("rpo", rpoOk ? "PASS" : "FAIL", "rto", rtoOk ? "PASS" : "FAIL", "overall", rpoOk && rtoOk ? "PASS" : "FAIL"));
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (StepResult s : steps) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", s.no());
            step.put("name", s.name());
            step.put("startedAt", s.startedAt().toString());
            step.put("finishedAt", s.finishedAt().toString());
            step.put("seconds", (s.finishedAt().toEpochMilli() - s.startedAt().toEpochMilli()) / 1000.0);
            step.put("detail", s.detail() == null ? "" : s.detail());
            timeline.add(step);
        }
        facts.put("timeline", timeline);
        facts.put("failover", Map.of("event", failover.eventId().toString(), "decisionId", failover.decisionId().toString(),
                "epoch", failover.epoch(), "promotedAtSeq", failover.promotedAtSeq(), "oldRegionFenced", failover.oldFenced()));
        SigningKey key = keys.platformSigningKey();
        facts.put("signer", Map.of("keyId", key.keyId(), "certificateSha256", Fingerprints.sha256(key.certificate())));
        String json = CanonicalJson.write(facts);
        String dsse = com.companyos.pki.InTotoStatement.signedEnvelope("dr-drill-" + drill.id() + ".json", json, PREDICATE, facts, key);
        return new Signed(rpoOk && rtoOk, json, dsse, pdf(drill, tenant, steps, rpo, rtoSeconds, failover, rpoOk, rtoOk, json, dsse, keys));
    }

    /** The same facts for people: PDF/A-3b with the JSON and its DSSE envelope attached, PAdES-signed. */
    private byte[] pdf(Drill drill, Tenant tenant, List<StepResult> steps, Rpo rpo, double rto, FailoverTimeline failover,
                       boolean rpoOk, boolean rtoOk, String json, String dsse, ControlPlaneKeys keys) {
        java.util.Locale l = java.util.Locale.ROOT;
        Map<String, String> summary = new LinkedHashMap<>();
        summary.put("Tenant", tenant.slug() + " (zone " + tenant.spec().zone() + (tenant.spec().residencyLocked() ? ", residency-locked" : "") + ")");
        summary.put("Regions", drill.primaryRegion() + " (primary, killed) → " + drill.standbyRegion() + " (standby, promoted)");
        summary.put("Replication mode", tenant.replicationMode());
        summary.put("Requested by", drill.requestedBy());
        summary.put("Approved by", drill.approvedBy() == null ? "—" : drill.approvedBy().replace(",", ", "));
        summary.put("Failover decision", failover.decisionId() + " (epoch " + failover.epoch() + ", promoted at seq " + failover.promotedAtSeq() + ")");
        summary.put("Classification / retention", ArtifactType.DR_DRILL_REPORT.classification() + " / " + ArtifactType.DR_DRILL_REPORT.retention());
        List<List<String>> targets = List.of(
                List.of("RPO", String.format(l, "≤ %.1f s", drill.targetRpoSeconds()), String.format(l, "%.3f s (%d of %d acknowledged writes lost)",
                        rpo.seconds(), rpo.lost(), rpo.checked()), rpoOk ? "PASS" : "FAIL"),
                List.of("RTO", String.format(l, "≤ %.1f s", drill.targetRtoSeconds()), String.format(l, "%.3f s", rto), rtoOk ? "PASS" : "FAIL"));
        List<List<String>> timeline = steps.stream().map(s -> List.of(Integer.toString(s.no()), s.name(),
                s.startedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(),
                String.format(l, "%.3f s", (s.finishedAt().toEpochMilli() - s.startedAt().toEpochMilli()) / 1000.0),
                s.detail() == null ? "" : s.detail())).toList();
        var doc = com.companyos.reports.ReportDocument.builder("DR drill report")
                .subtitle(tenant.slug() + " · " + drill.primaryRegion() + " → " + drill.standbyRegion() + " · drill " + drill.id())
                .metadata("CompanyOS Control Plane", "DR drill evidence", "dr-drill", tenant.slug())
                .status(rpoOk && rtoOk ? com.companyos.reports.ReportBlock.Outcome.PASS : com.companyos.reports.ReportBlock.Outcome.FAIL,
                        (rpoOk && rtoOk ? "PASSED" : "FAILED") + String.format(l, ": RPO %.3f s, RTO %.3f s", rpo.seconds(), rto))
                .heading("Summary").keyValues(summary)
                .heading("Targets and measurements").table(List.of("Objective", "Target", "Measured", "Result"), targets, List.of(1.0, 1.2, 3.0, 0.8))
                .paragraph("RPO is measured from data: every write the killed primary acknowledged to the drill's writer was read back from "
                        + "the promoted region and its digest compared. RTO runs from the SIGKILL of the primary agent to the first write the "
                        + "promoted region acknowledged.")
                .heading("Timeline").table(List.of("#", "Step", "Started (UTC)", "Took", "Detail"), timeline, List.of(0.4, 2.0, 2.2, 0.9, 3.0))
                .heading("Verification")
                .paragraph("This PDF carries a PAdES signature by the platform's document-signing key. The attached dr-drill-report.dsse.json is "
                        + "the machine-readable report: an in-toto Statement in a DSSE envelope signed with the platform's Ed25519 key. Verify it with:")
                .code("jq -r .payload dr-drill-report.dsse.json | base64 -d > statement.json\n"
                        + "# PAE = \"DSSEv1 <len(type)> <type> <len(payload)> <payload>\"\n"
                        + "printf 'DSSEv1 %d %s %d ' 28 application/vnd.in-toto+json $(stat -c %s statement.json) > pae.bin\n"
                        + "cat statement.json >> pae.bin\n"
                        + "jq -r '.signatures[0].sig' dr-drill-report.dsse.json | base64 -d > report.sig\n"
                        + "openssl x509 -in platform-signing.crt -pubkey -noout > platform.pub\n"
                        + "openssl pkeyutl -verify -pubin -inkey platform.pub -rawin -in pae.bin -sigfile report.sig")
                .attach("dr-drill-report.json", "application/json", json.getBytes(StandardCharsets.UTF_8), "The report's facts (canonical JSON)",
                        com.companyos.reports.ReportAttachment.Relationship.DATA)
                .attach("dr-drill-report.dsse.json", "application/json", dsse.getBytes(StandardCharsets.UTF_8),
                        "The signed report (DSSE envelope over an in-toto Statement)", com.companyos.reports.ReportAttachment.Relationship.SOURCE)
                .build();
        byte[] composed = new com.companyos.reports.PdfComposer(clock).compose(doc);
        return new com.companyos.reports.PdfSigner(keys.documentSigningKey(), clock).sign(composed,
                new com.companyos.reports.SignatureDetails("CompanyOS Control Plane", "DR drill report " + drill.id(), drill.standbyRegion()));
    }

    private final java.time.Clock clock;

    DrillReports(java.time.Clock clock) {
        this.clock = clock;
    }
}
