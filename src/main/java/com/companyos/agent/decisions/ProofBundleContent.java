package com.companyos.agent.decisions;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agentapi.control.DecisionBucket;
import com.companyos.agentapi.control.DecisionRecord;
import com.companyos.agentapi.control.ProofBundleJob;
import com.companyos.agentapi.control.SignedAnchor;
import com.companyos.base.ArtifactType;
import com.companyos.base.Hashing;
import com.companyos.base.Json;
import com.companyos.pki.Dsse;
import com.companyos.pki.Pem;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything in a proof bundle after its receipts: the receipts' Merkle roots, the decision summary and denials, the
 * signed decision chain head, the certificates, the known leak classes, VERIFY.md and its {@code verify.py}, the
 * manifest, and the in-toto statement signed in a DSSE envelope — which carries the receipts' Merkle root and the
 * SHA-256 of every file, so one Ed25519 signature vouches for the whole bundle.
 */
@Component
class ProofBundleContent {

    private static final ObjectMapper PRETTY = Json.pretty();
    static final String PREDICATE_TYPE = "https://companyos.example/residency-proof/v1";
    static final List<String> LEAK_CLASSES = List.of(
            "Decision and receipt metadata (tenant slug, seam, allowed or denied, policy IDs, times, SHA-256 of payloads) is served to the control plane for dashboards, and to the person who requested this bundle.",
            "For Trust Reports, each region sends the control plane a tenant's hourly receipt counts by seam, outcome and policy bundle version, and the Merkle roots of those hours (never a receipt): the report is signed and attached as JSON, and a customer or auditor receives it.",
            "The SHA-256 of each payload appears in receipts: it reveals nothing about high-entropy data, but can confirm a guess of low-entropy data.",
            "Counts per classification leave the zone only as aggregate analytics results, and only for tenants that are not residency-locked.",
            "The tenant directory (slug, residency zone, primary, failover and active region, data URL) is known to every region's agent, so misdirected requests can be answered with the right region.",
            "Teardown plans show record and object counts and retention dates to staff in the console.",
            "Health, latency and certificate metadata of each region reaches the console; it holds no tenant data.");

    private static final String VERIFY_MD = """
            # Verifying this residency proof bundle offline

            Everything here is checked with stock tools (`sha256sum`, `openssl` 3, `python3` with nothing but its standard
            library, a POSIX shell). Run the commands in this folder. Classification of this bundle: %s; retention: %s.

            ## 1. The region's signing certificate was issued by the CompanyOS CA

                openssl verify -CAfile certificates/ca.crt %s
                openssl x509 -in %s -noout -subject -ext subjectAltName
                openssl x509 -in %s -pubkey -noout > region.pub

            The subject alternative name is `spiffe://companyos/region/%s`: the region that built this bundle.

            ## 2. The region signed the statement (DSSE, Ed25519)

                openssl pkeyutl -verify -pubin -inkey region.pub -rawin -in dsse/pae.bin -sigfile dsse/signature.bin

            and `dsse/pae.bin` is exactly the DSSE encoding of `statement.intoto.json`:

                { printf 'DSSEv1 28 application/vnd.in-toto+json %%s ' "$(wc -c < statement.intoto.json | tr -d ' ')"; cat statement.intoto.json; } | cmp - dsse/pae.bin

            ## 3. The signed statement vouches for the manifest, and the manifest for every file

                grep -q "$(sha256sum manifest.sha256 | cut -d' ' -f1)" statement.intoto.json && echo "manifest is in the signed statement"
                sha256sum -c manifest.sha256

            `receipts.jsonl` is one of those files: every receipt of the period, one JSON object per line, with `body` (the
            receipt exactly as the region signed it, as a JSON string), `signature` (base64 Ed25519 over the body's UTF-8
            bytes) and `keyId`.

            ## 4. The receipts add up to the signed Merkle root, and the region signed each one

                python3 verify.py

            It recomputes every hour's Merkle root and the bundle's root from `receipts.jsonl` and compares them with
            `receipts-merkle.json` and with `receiptsMerkleRoot` in the signed statement, checks the statement's signature
            again, and checks every receipt's Ed25519 signature with the key in `region.pub` (step 1). The signatures are
            checked in plain Python, a few milliseconds each: for a quick look at a large bundle, `python3 verify.py
            --sample 1000` checks 1,000 receipts chosen at random (the roots and the counts are always checked in full).
            It prints what it checked and exits with 0 only when everything holds.

            Any single receipt can also be checked with `openssl` alone (`--extract <receipt ID>` for a given one):

                python3 verify.py --extract first
                openssl pkeyutl -verify -pubin -inkey region.pub -rawin -in receipt.json -sigfile receipt.sig

            Each receipt names the operation, the region that processed it, where the data is stored, the policy decision
            (ID, determining policies, bundle version and SHA-256) and the SHA-256 of the payload. The roots are the Trust
            Report's: for whole hours, this bundle's root is the region's period root in a Trust Report of the same period.

            ## 5. The region signed its decision chain's head at build time

                openssl pkeyutl -verify -pubin -inkey region.pub -rawin -in decisions/chain-anchor.json -sigfile decisions/chain-anchor.sig

            `decisions/chain-anchor.json` names the last sealed decision (`seq`) and its hash (`headHash`): the region's
            hash-chained decision log must contain that decision with that hash from now on, so a chain later cut short
            or rewritten is caught by holding the region to this anchor.

            ## What is inside

            - `receipts.jsonl` the period's receipts with their signatures; `receipts-merkle.json` their Merkle roots by hour
            - `decisions/summary.json` allowed and denied operations by seam; `decisions/denied.json` every denied attempt;
              `decisions/chain-anchor.json` (and `.sig`) the region's signed decision chain head
            - `certificates/` the region's signing certificate and the CA
            - `leak-classes.md` what metadata does leave the zone
            - `verify.py` the checks of step 4
            - `statement.intoto.json`, `statement.dsse.json` the in-toto Statement and its DSSE envelope
            """;

    private final EvidenceQueries evidence;
    private final ReceiptSigner signer;
    private final DecisionAnchors anchors;
    private final AgentSettings settings;
    private final Clock clock;
    private final com.companyos.agent.traffic.FaultInjection faults;
    private final Path caCertificate;
    private final byte[] verifyScript;

    ProofBundleContent(EvidenceQueries evidence, ReceiptSigner signer, DecisionAnchors anchors, AgentSettings settings, Clock clock,
                       com.companyos.agent.traffic.FaultInjection faults,
                       @Value("${companyos.agent.tls.trusted}") Path caCertificate) throws IOException {
        this.faults = faults;
        this.evidence = evidence;
        this.signer = signer;
        this.anchors = anchors;
        this.settings = settings;
        this.clock = clock;
        this.caCertificate = caCertificate;
        try (InputStream in = new ClassPathResource("evidence/proof-bundle-verify.py").getInputStream()) {
            this.verifyScript = in.readAllBytes();
        }
    }

    /** The files of a proof bundle that are the same bytes for the same inputs, and the summary the statement repeats. */
    record Deterministic(Map<String, byte[]> files, Map<String, Object> summary) {
    }

    /**
     * The deterministic part of a bundle of {@code tenant}'s period: the receipts' Merkle roots, the decision summary
     * and the denials. Built the same way for a real bundle and for the release gate that checks a release builds
     * these bytes identically ({@link DeterministicExports}).
     */
    Deterministic deterministic(ProofBundleWriter.Receipts receipts, TenantRef tenant, Instant from, Instant to) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, Object> merkle = new LinkedHashMap<>();
        merkle.put("algorithm", "RFC 6962 Merkle Tree Hash, SHA-256; hour root over SHA-256(0x00 || body) of the hour's receipts "
                + "in receipt-ID order; root over the entries \"<hour>:<receipts>:<hour root>\", oldest hour first");
        merkle.put("receipts", receipts.count());
        merkle.put("root", receipts.root());
        merkle.put("hours", receipts.hours().stream().map(h -> Map.of("hour", h.hour().toString(), "receipts", h.receipts(), "root", h.root()))
                .toList());
        files.put("receipts-merkle.json", PRETTY.writeValueAsBytes(merkle));

        List<DecisionBucket> buckets = evidence.summary(from, to, tenant.slug());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("tenant", tenant.slug());
        summary.put("region", settings.region().value());
        summary.put("period", Map.of("from", from.toString(), "to", to.toString()));
        summary.put("allowedBySeam", EvidenceQueries.bySeam(buckets, true));
        summary.put("deniedBySeam", EvidenceQueries.bySeam(buckets, false));
        summary.put("receipts", receipts.count());
        summary.put("classification", ArtifactType.PROOF_BUNDLE.classification());
        summary.put("retention", ArtifactType.PROOF_BUNDLE.retention());
        if (faults.unstableExport()) {
            // The injected regression (companyos.agent.faults.unstable-export): a build that stamps the time into a file
            // that must be the same bytes for the same inputs.
            summary.put("generatedAt", clock.instant().toString());
        }
        files.put("decisions/summary.json", PRETTY.writeValueAsBytes(summary));
        List<DecisionRecord> denied = evidence.decisions(from, to, false, tenant.slug(), 1000);
        files.put("decisions/denied.json", PRETTY.writeValueAsBytes(denied));
        return new Deterministic(files, summary);
    }

    void write(ProofBundleWriter zip, ProofBundleWriter.Receipts receipts, TenantRef tenant, String requestedBy, Instant from, Instant to,
               ProofBundleJob job) throws IOException {
        Deterministic deterministic = deterministic(receipts, tenant, from, to);
        for (Map.Entry<String, byte[]> f : deterministic.files().entrySet()) {
            zip.entry(f.getKey(), f.getValue());
        }
        Map<String, Object> summary = deterministic.summary();
        SignedAnchor head = anchors.head();
        if (head != null) {
            zip.entry("decisions/chain-anchor.json", head.body());
            zip.entry("decisions/chain-anchor.sig", Base64.getDecoder().decode(head.signature()));
        }
        String certName = "certificates/region-" + settings.region() + "-signing.crt";
        zip.entry(certName, Pem.encode(signer.key().certificate()));
        zip.entry("certificates/ca.crt", Files.readAllBytes(caCertificate));
        zip.entry("leak-classes.md", leakClasses());
        zip.entry("VERIFY.md", verify(certName));
        zip.entry("verify.py", verifyScript);

        StringBuilder manifest = new StringBuilder();
        List<Map<String, Object>> subjects = new ArrayList<>();
        zip.digests().forEach((name, digest) -> {
            manifest.append(digest).append("  ").append(name).append('\n');
            subjects.add(Map.of("name", name, "digest", Map.of("sha256", digest)));
        });
        byte[] manifestBytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
        subjects.add(Map.of("name", "manifest.sha256", "digest", Map.of("sha256", Hashing.sha256Hex(manifestBytes))));
        zip.entry("manifest.sha256", manifestBytes);

        Map<String, Object> predicate = new LinkedHashMap<>(summary);
        predicate.put("receiptsMerkleRoot", receipts.root());
        predicate.put("receiptHours", receipts.hours().size());
        predicate.put("tenantId", String.valueOf(tenant.id()));
        predicate.put("zone", tenant.zone());
        predicate.put("requestedBy", requestedBy);
        predicate.put("builtAt", clock.instant().toString());
        predicate.put("jobId", job.jobId());
        predicate.put("stagingDecisionId", job.decisionId());
        predicate.put("stagingReceiptId", job.receiptId());
        predicate.put("signingKeyId", signer.key().keyId());
        predicate.put("leakClasses", LEAK_CLASSES);
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("_type", "https://in-toto.io/Statement/v1");
        statement.put("subject", subjects);
        statement.put("predicateType", PREDICATE_TYPE);
        statement.put("predicate", predicate);
        byte[] statementBytes = PRETTY.writeValueAsBytes(statement);
        byte[] pae = Dsse.pae(Dsse.IN_TOTO, statementBytes);
        byte[] signature = signer.signBytes(pae);
        zip.entry("statement.intoto.json", statementBytes);
        zip.entry("statement.dsse.json", Dsse.envelope(Dsse.IN_TOTO, statementBytes, signature, signer.key().keyId()));
        zip.entry("dsse/pae.bin", pae);
        zip.entry("dsse/signature.bin", signature);
    }

    private static String leakClasses() {
        StringBuilder s = new StringBuilder("# Known leak classes\n\nWhat metadata about this tenant does leave its residency zone. "
                + "Stated, not hidden; none of it is record content.\n\n");
        LEAK_CLASSES.forEach(l -> s.append("- ").append(l).append('\n'));
        return s.toString();
    }

    private String verify(String certName) {
        return VERIFY_MD.formatted(ArtifactType.PROOF_BUNDLE.classification(), ArtifactType.PROOF_BUNDLE.retention(), certName, certName,
                certName, settings.region().value());
    }
}
