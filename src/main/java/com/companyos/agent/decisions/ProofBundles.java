package com.companyos.agent.decisions;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agentapi.control.DecisionBucket;
import com.companyos.agentapi.control.DecisionRecord;
import com.companyos.agentapi.control.ProofBundleJob;
import com.companyos.agentapi.control.ProofBundleRequest;
import com.companyos.agentapi.control.SignedAnchor;
import com.companyos.agentapi.data.Seam;
import com.companyos.agentapi.data.SignedReceipt;
import com.companyos.base.ArtifactType;
import com.companyos.base.Hashing;
import com.companyos.base.Ids;
import com.companyos.base.Json;
import com.companyos.pki.Dsse;
import com.companyos.pki.Pem;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static com.companyos.agent.db.Tables.EVIDENCE_JOB;

/**
 * Builds a tenant's residency proof bundle in the tenant's own region (evidence is staged only where policy allows:
 * seam 7), as a job whose progress the console shows, then streams it once to the person who asked and deletes the
 * staged file. The bundle verifies offline with {@code sha256sum} and {@code openssl} (see the VERIFY.md it carries).
 */
@Service
public class ProofBundles {

    private static final Logger log = LoggerFactory.getLogger(ProofBundles.class);
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

    private final DSLContext db;
    private final ResidencyGuard guard;
    private final EvidenceQueries evidence;
    private final ReceiptSigner signer;
    private final DecisionAnchors anchors;
    private final AgentSettings settings;
    private final TransactionTemplate tx;
    private final TaskExecutor executor;
    private final Clock clock;
    private final Path staging;
    private final Path caCertificate;

    ProofBundles(DSLContext db, ResidencyGuard guard, EvidenceQueries evidence, ReceiptSigner signer, DecisionAnchors anchors,
                 AgentSettings settings, TransactionTemplate tx, TaskExecutor applicationTaskExecutor, Clock clock,
                 @Value("${companyos.data-dir}") Path dataDir, @Value("${companyos.agent.tls.trusted}") Path caCertificate) {
        this.anchors = anchors;
        this.db = db;
        this.guard = guard;
        this.evidence = evidence;
        this.signer = signer;
        this.settings = settings;
        this.tx = tx;
        this.executor = applicationTaskExecutor;
        this.clock = clock;
        this.staging = dataDir.resolve("agents").resolve(settings.region().value()).resolve("staging");
        this.caCertificate = caCertificate;
    }

    /** Starts a bundle for a tenant of this region; refused (decision + receipt) if evidence may not be staged here. */
    public ProofBundleJob start(TenantRef tenant, ProofBundleRequest request) {
        if (request == null || request.from() == null || request.to() == null || !request.from().isBefore(request.to())) {
            throw new IllegalArgumentException("A proof bundle needs a period: from before to");
        }
        if (!tenant.resident()) {
            throw new IllegalArgumentException("Tenant " + tenant.slug() + " is served by " + tenant.activeRegion()
                    + "; its evidence is built there");
        }
        UUID jobId = Ids.timeOrdered(clock);
        int total = evidence.receipts(tenant.slug(), request.from(), request.to()).size();
        ResidencyGuard.Verdict verdict = tx.execute(status -> {
            ResidencyGuard.Verdict v = guard.decide(Seam.EVIDENCE, tenant, "STAGE proof bundle " + jobId,
                    Map.of("stagingZone", settings.zone().name()), null, List.of(settings.region().value()));
            if (v.allowed()) {
                db.insertInto(EVIDENCE_JOB)
                        .set(EVIDENCE_JOB.JOB_ID, jobId)
                        .set(EVIDENCE_JOB.TENANT_ID, tenant.id())
                        .set(EVIDENCE_JOB.TENANT_SLUG, tenant.slug())
                        .set(EVIDENCE_JOB.REQUESTED_BY, request.requestedBy() == null ? "unknown" : request.requestedBy())
                        .set(EVIDENCE_JOB.PERIOD_FROM, request.from().atOffset(ZoneOffset.UTC))
                        .set(EVIDENCE_JOB.PERIOD_TO, request.to().atOffset(ZoneOffset.UTC))
                        .set(EVIDENCE_JOB.STATUS, "BUILDING")
                        .set(EVIDENCE_JOB.TOTAL, total)
                        .set(EVIDENCE_JOB.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                        .set(EVIDENCE_JOB.DECISION_ID, v.decisionId())
                        .set(EVIDENCE_JOB.RECEIPT_ID, UUID.fromString(v.receipt().receiptId()))
                        .execute();
            }
            return v;
        });
        if (!verdict.allowed()) {
            throw new ResidencyDeniedException(verdict);
        }
        executor.execute(() -> build(jobId, tenant, request, verdict));
        return job(jobId).orElseThrow();
    }

    public Optional<ProofBundleJob> job(UUID jobId) {
        return db.selectFrom(EVIDENCE_JOB).where(EVIDENCE_JOB.JOB_ID.eq(jobId)).fetchOptional()
                .map(r -> new ProofBundleJob(r.getJobId().toString(), r.getTenantId().toString(), r.getTenantSlug(), r.getStatus(), r.getDone(), r.getTotal(),
                        r.getFileSize(), r.getFileSha256(), r.getError(), r.getCreatedAt().toInstant(),
                        r.getFinishedAt() == null ? null : r.getFinishedAt().toInstant(), r.getDecisionId().toString(),
                        r.getReceiptId().toString()));
    }

    /** Streams a ready bundle once, then removes it from staging. */
    public void stream(UUID jobId, OutputStream out) throws IOException {
        var job = db.selectFrom(EVIDENCE_JOB).where(EVIDENCE_JOB.JOB_ID.eq(jobId).and(EVIDENCE_JOB.STATUS.eq("READY")))
                .fetchOptional().orElseThrow(() -> new java.util.NoSuchElementException("No ready proof bundle " + jobId));
        Path file = Path.of(job.getFilePath());
        Files.copy(file, out);
        out.flush();
        Files.deleteIfExists(file);
        db.update(EVIDENCE_JOB).set(EVIDENCE_JOB.STATUS, "DELIVERED").where(EVIDENCE_JOB.JOB_ID.eq(jobId)).execute();
    }

    private void build(UUID jobId, TenantRef tenant, ProofBundleRequest request, ResidencyGuard.Verdict verdict) {
        try {
            Files.createDirectories(staging);
            Path file = staging.resolve(jobId + ".zip");
            Map<String, byte[]> entries = new LinkedHashMap<>();
            List<SignedReceipt> receipts = evidence.receipts(tenant.slug(), request.from(), request.to());
            int done = 0;
            for (SignedReceipt r : receipts) {
                entries.put("receipts/" + r.receiptId() + ".json", r.body().getBytes(StandardCharsets.UTF_8));
                entries.put("receipts/" + r.receiptId() + ".sig", Base64.getDecoder().decode(r.signature()));
                if (++done % 200 == 0) {
                    progress(jobId, done);
                }
            }
            List<DecisionBucket> buckets = evidence.summary(request.from(), request.to(), tenant.slug());
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("tenant", tenant.slug());
            summary.put("region", settings.region().value());
            summary.put("period", Map.of("from", request.from().toString(), "to", request.to().toString()));
            summary.put("allowedBySeam", EvidenceQueries.bySeam(buckets, true));
            summary.put("deniedBySeam", EvidenceQueries.bySeam(buckets, false));
            summary.put("receipts", receipts.size());
            summary.put("classification", ArtifactType.PROOF_BUNDLE.classification());
            summary.put("retention", ArtifactType.PROOF_BUNDLE.retention());
            entries.put("decisions/summary.json", PRETTY.writeValueAsBytes(summary));
            List<DecisionRecord> denied = evidence.decisions(request.from(), request.to(), false, tenant.slug(), 1000);
            entries.put("decisions/denied.json", PRETTY.writeValueAsBytes(denied));
            SignedAnchor head = anchors.head();
            if (head != null) {
                entries.put("decisions/chain-anchor.json", head.body().getBytes(StandardCharsets.UTF_8));
                entries.put("decisions/chain-anchor.sig", Base64.getDecoder().decode(head.signature()));
            }
            String certName = "certificates/region-" + settings.region() + "-signing.crt";
            entries.put(certName, Pem.encode(signer.key().certificate()).getBytes(StandardCharsets.UTF_8));
            entries.put("certificates/ca.crt", Files.readAllBytes(caCertificate));
            entries.put("leak-classes.md", leakClasses().getBytes(StandardCharsets.UTF_8));
            entries.put("VERIFY.md", verify(certName).getBytes(StandardCharsets.UTF_8));

            StringBuilder manifest = new StringBuilder();
            List<Map<String, Object>> subjects = new ArrayList<>();
            for (var e : entries.entrySet()) {
                String digest = Hashing.sha256Hex(e.getValue());
                manifest.append(digest).append("  ").append(e.getKey()).append('\n');
                subjects.add(Map.of("name", e.getKey(), "digest", Map.of("sha256", digest)));
            }
            byte[] manifestBytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
            subjects.add(Map.of("name", "manifest.sha256", "digest", Map.of("sha256", Hashing.sha256Hex(manifestBytes))));
            entries.put("manifest.sha256", manifestBytes);

            Map<String, Object> predicate = new LinkedHashMap<>(summary);
            predicate.put("tenantId", String.valueOf(tenant.id()));
            predicate.put("zone", tenant.zone());
            predicate.put("requestedBy", request.requestedBy());
            predicate.put("builtAt", clock.instant().toString());
            predicate.put("stagingDecisionId", verdict.decisionId().toString());
            predicate.put("stagingReceiptId", verdict.receipt().receiptId());
            predicate.put("signingKeyId", signer.key().keyId());
            predicate.put("leakClasses", LEAK_CLASSES);
            predicate.put("classification", ArtifactType.PROOF_BUNDLE.classification());
            predicate.put("retention", ArtifactType.PROOF_BUNDLE.retention());
            Map<String, Object> statement = new LinkedHashMap<>();
            statement.put("_type", "https://in-toto.io/Statement/v1");
            statement.put("subject", subjects);
            statement.put("predicateType", PREDICATE_TYPE);
            statement.put("predicate", predicate);
            byte[] statementBytes = PRETTY.writeValueAsBytes(statement);
            byte[] pae = Dsse.pae(Dsse.IN_TOTO, statementBytes);
            byte[] signature = signer.signBytes(pae);
            entries.put("statement.intoto.json", statementBytes);
            entries.put("statement.dsse.json", Dsse.envelope(Dsse.IN_TOTO, statementBytes, signature, signer.key().keyId())
                    .getBytes(StandardCharsets.UTF_8));
            entries.put("dsse/pae.bin", pae);
            entries.put("dsse/signature.bin", signature);

            try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(raw)) {
                for (var e : entries.entrySet()) {
                    zip.putNextEntry(new ZipEntry(tenant.slug() + "-residency-proof/" + e.getKey()));
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
            byte[] zipBytes = Files.readAllBytes(file);
            db.update(EVIDENCE_JOB).set(EVIDENCE_JOB.STATUS, "READY").set(EVIDENCE_JOB.DONE, receipts.size())
                    .set(EVIDENCE_JOB.FILE_PATH, file.toString()).set(EVIDENCE_JOB.FILE_SIZE, (long) zipBytes.length)
                    .set(EVIDENCE_JOB.FILE_SHA256, Hashing.sha256Hex(zipBytes))
                    .set(EVIDENCE_JOB.FINISHED_AT, clock.instant().atOffset(ZoneOffset.UTC)).where(EVIDENCE_JOB.JOB_ID.eq(jobId)).execute();
        } catch (IOException | RuntimeException e) {
            log.error("Proof bundle {} for {} failed", jobId, tenant.slug(), e);
            db.update(EVIDENCE_JOB).set(EVIDENCE_JOB.STATUS, "FAILED").set(EVIDENCE_JOB.ERROR, String.valueOf(e.getMessage()))
                    .set(EVIDENCE_JOB.FINISHED_AT, clock.instant().atOffset(ZoneOffset.UTC)).where(EVIDENCE_JOB.JOB_ID.eq(jobId)).execute();
        }
    }

    private void progress(UUID jobId, int done) {
        db.update(EVIDENCE_JOB).set(EVIDENCE_JOB.DONE, done).where(EVIDENCE_JOB.JOB_ID.eq(jobId)).execute();
    }


    private static String leakClasses() {
        StringBuilder s = new StringBuilder("# Known leak classes\n\nWhat metadata about this tenant does leave its residency zone. "
                + "Stated, not hidden; none of it is record content.\n\n");
        LEAK_CLASSES.forEach(l -> s.append("- ").append(l).append('\n'));
        return s.toString();
    }

    private String verify(String certName) {
        String region = settings.region().value();
        return """
                # Verifying this residency proof bundle offline

                Everything here is checked with stock tools (`sha256sum`, `openssl` 3, a POSIX shell). Run the commands
                in this folder. Classification of this bundle: %s; retention: %s.

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

                ## 4. Every receipt was signed by the region

                    for f in receipts/*.json; do openssl pkeyutl -verify -pubin -inkey region.pub -rawin -in "$f" -sigfile "${f%%.json}.sig" >/dev/null || echo "BAD $f"; done

                Each receipt names the operation, the region that processed it, where the data is stored, the policy decision
                (ID, determining policies, bundle version and SHA-256) and the SHA-256 of the payload.

                ## 5. The region signed its decision chain's head at build time

                    openssl pkeyutl -verify -pubin -inkey region.pub -rawin -in decisions/chain-anchor.json -sigfile decisions/chain-anchor.sig

                `decisions/chain-anchor.json` names the last sealed decision (`seq`) and its hash (`headHash`): the region's
                hash-chained decision log must contain that decision with that hash from now on, so a chain later cut short
                or rewritten is caught by holding the region to this anchor.

                ## What is inside

                - `receipts/` the period's receipts (JSON exactly as signed, and the raw signature)
                - `decisions/summary.json` allowed and denied operations by seam; `decisions/denied.json` every denied attempt;
                  `decisions/chain-anchor.json` (and `.sig`) the region's signed decision chain head
                - `certificates/` the region's signing certificate and the CA
                - `leak-classes.md` what metadata does leave the zone
                - `statement.intoto.json`, `statement.dsse.json` the in-toto Statement and its DSSE envelope
                """.formatted(ArtifactType.PROOF_BUNDLE.classification(), ArtifactType.PROOF_BUNDLE.retention(), certName, certName, certName, region);
    }
}
