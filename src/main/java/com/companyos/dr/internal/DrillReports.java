package com.companyos.dr.internal;

import com.companyos.base.ArtifactType;
import com.companyos.dr.Drill;
import com.companyos.dr.FailoverTimeline;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.CanonicalJson;
import com.companyos.pki.Dsse;
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

    /** The report as JSON, its DSSE envelope, and the PDF rendering (null where no renderer is available). */
    record Signed(String json, String dsse, byte[] pdf) {
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
        byte[] digest = com.companyos.base.Hashing.sha256Hex(json.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("_type", "https://in-toto.io/Statement/v1");
        statement.put("subject", List.of(Map.of("name", "dr-drill-" + drill.id() + ".json",
                "digest", Map.of("sha256", new String(digest, StandardCharsets.US_ASCII)))));
        statement.put("predicateType", PREDICATE);
        statement.put("predicate", facts);
        byte[] payload = CanonicalJson.write(statement).getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(Dsse.pae(Dsse.IN_TOTO, payload));
        return new Signed(json, Dsse.envelope(Dsse.IN_TOTO, payload, signature, key.keyId()), null);
    }
}
