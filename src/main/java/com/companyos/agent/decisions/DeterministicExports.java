package com.companyos.agent.decisions;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agentapi.control.DeterministicExport;
import com.companyos.agentapi.control.ResidencyFacts;
import com.companyos.base.Hashing;
import com.companyos.pki.CanonicalJson;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The deterministic parts of this agent's exports for fixed inputs, by SHA-256, for the release gate that checks a
 * release builds them byte for byte as before: the proof bundle's {@code receipts.jsonl}, Merkle roots, decision
 * summary and denials — written by the same code a real bundle is, into nowhere — and the Trust Report's residency
 * facts of the whole hours inside the period, without what is the answer's own (when it was computed, which hours were
 * sealed yet, the bundle in force now). Read-only: no job, no receipt, no decision is recorded.
 */
@Component
public class DeterministicExports {

    /** The formats written; bump one when its bytes change on purpose, so the gate compares like with like. */
    static final Map<String, String> FORMATS = Map.of(
            ProofBundleWriter.RECEIPTS, "proof-bundle/receipts-jsonl/v1",
            "receipts-merkle.json", "proof-bundle/receipts-merkle/v1",
            "decisions/summary.json", "proof-bundle/summary/v1",
            "decisions/denied.json", "proof-bundle/denied/v1",
            "trust-report-facts.json", "trust-report/residency-facts/v1");

    private final EvidenceQueries evidence;
    private final ProofBundleContent content;
    private final ReceiptRollups rollups;
    private final AgentSettings settings;

    DeterministicExports(EvidenceQueries evidence, ProofBundleContent content, ReceiptRollups rollups, AgentSettings settings) {
        this.evidence = evidence;
        this.content = content;
        this.rollups = rollups;
        this.settings = settings;
    }

    public DeterministicExport export(TenantRef tenant, Instant from, Instant to, String release) throws IOException {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("A period needs from before to");
        }
        Map<String, String> files = new LinkedHashMap<>();
        ProofBundleWriter.Receipts receipts;
        try (ProofBundleWriter discard = new ProofBundleWriter(OutputStream.nullOutputStream(), "deterministic")) {
            ProofBundleWriter.ReceiptLines lines = discard.receipts();
            evidence.streamReceipts(tenant.slug(), from, to, lines::add);
            receipts = lines.finish();
            files.put(ProofBundleWriter.RECEIPTS, receipts.sha256());
            content.deterministic(receipts, tenant, from, to).files().forEach((name, bytes) -> files.put(name, Hashing.sha256Hex(bytes)));
            discard.finish();
        }
        Instant hourFrom = from.truncatedTo(ChronoUnit.HOURS).equals(from) ? from : from.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Instant hourTo = to.truncatedTo(ChronoUnit.HOURS);
        if (hourFrom.isBefore(hourTo)) {
            files.put("trust-report-facts.json", Hashing.sha256Hex(CanonicalJson.write(facts(rollups.facts(tenant.slug(), null, hourFrom, hourTo)))));
        }
        Map<String, String> formats = new TreeMap<>();
        files.keySet().forEach(name -> formats.put(name, FORMATS.get(name)));
        return new DeterministicExport(release, settings.region().value(), tenant.slug(), from, to, files, formats, receipts.count());
    }

    /** The period's facts as a Trust Report states them: counts and roots, not when or how they were computed. */
    private static Map<String, Object> facts(ResidencyFacts f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("region", f.region());
        m.put("tenant", f.tenant());
        m.put("from", f.from().toString());
        m.put("to", f.to().toString());
        m.put("receipts", f.receipts());
        m.put("allowed", f.allowed());
        m.put("denied", f.denied());
        m.put("merkleRoot", f.merkleRoot());
        m.put("hours", f.hours().stream().map(h -> Map.of("hour", h.hour().toString(), "receipts", h.receipts(), "allowed", h.allowed(),
                "denied", h.denied(), "root", h.root())).toList());
        m.put("bySeam", f.bySeam().stream().map(c -> Map.of("seam", c.seam(), "allowed", c.allowed(), "receipts", c.receipts())).toList());
        m.put("bundles", f.bundles().stream().map(b -> Map.of("version", b.version(), "sha256", b.sha256(), "receipts", b.receipts()))
                .toList());
        return m;
    }
}
