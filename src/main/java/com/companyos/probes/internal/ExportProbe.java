package com.companyos.probes.internal;

import com.companyos.agentapi.control.ProofBundleJob;
import com.companyos.base.Hashing;
import com.companyos.base.Role;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.Dsse;
import com.companyos.pki.Pem;
import com.companyos.pki.SigningKey;
import com.companyos.probes.ProbeKind;
import com.companyos.residency.ProofBundleService;
import com.companyos.security.SystemActor;
import com.companyos.tenants.Tenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The export path: build a residency proof bundle of the region's synthetic tenant in its own region, download it,
 * and check it as an auditor would — every file matches {@code manifest.sha256}, the in-toto statement names the
 * manifest's digest, its Ed25519 signature verifies with the region's signing certificate, and that certificate was
 * issued by the CompanyOS CA. The bundle always covers the same closed period (recorded at the first run), so its
 * deterministic parts — the receipts, their Merkle roots and the denials — must hash to the value
 * recorded then; a release that changes or loses them fails the probe.
 */
@Component
class ExportProbe implements Probe {

    static final String NAME = "export";
    // The decision summary is left out: it is built from hourly roll-ups, which a later decision in the same hour changes.
    static final List<String> DETERMINISTIC = List.of("receipts.jsonl", "receipts-merkle.json", "decisions/denied.json");
    private static final Set<String> UNLISTED = Set.of("manifest.sha256", "statement.intoto.json", "statement.dsse.json", "dsse/pae.bin",
            "dsse/signature.bin");
    private static final SystemActor ACTOR = new SystemActor(ProbeCatalog.SYSTEM, Set.of(Role.COMPLIANCE_OFFICER));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegionTenants tenants;
    private final ProofBundleService bundles;
    private final ProbeStore store;
    private final ControlPlaneKeys keys;
    private final TransactionTemplate tx;
    private final Clock clock;

    ExportProbe(RegionTenants tenants, ProofBundleService bundles, ProbeStore store, ControlPlaneKeys keys, TransactionTemplate tx, Clock clock) {
        this.tenants = tenants;
        this.bundles = bundles;
        this.store = store;
        this.keys = keys;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public ProbeKind kind() {
        return ProbeKind.EXPORT;
    }

    @Override
    public void attempt(ProbeAttempt a) throws Exception {
        Tenant tenant = tenants.tenant(a.place());
        var golden = store.golden(NAME, a.place(), tenant.id());
        Instant from = golden.map(ProbeStore.Golden::from).orElse(tenant.createdAt());
        Instant to = golden.map(ProbeStore.Golden::to).orElseGet(() -> {
            // A closed period: receipts still being written now are never inside it.
            Instant closed = clock.instant().minusSeconds(2);
            return closed.isAfter(tenant.createdAt()) ? closed : tenant.createdAt().plusMillis(1);
        });

        long t0 = System.nanoTime();
        ProofBundleJob job = ACTOR.run(() -> bundles.start(tenant.slug(), from, to));
        a.ok("request bundle", t0, null, "job " + job.jobId() + " for " + from + " – " + to);

        t0 = System.nanoTime();
        while (!job.finished()) {
            if (a.expired()) {
                throw a.failed("build bundle", t0, null, "still " + job.status() + " (" + job.done() + "/" + job.total() + ") at the probe's timeout");
            }
            Thread.sleep(200);
            String id = job.jobId();
            job = ACTOR.run(() -> bundles.job(tenant.slug(), id));
        }
        if (!"READY".equals(job.status())) {
            throw a.failed("build bundle", t0, null, job.status() + (job.error() == null ? "" : ": " + job.error()));
        }
        a.ok("build bundle", t0, null, job.done() + " receipts");

        t0 = System.nanoTime();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        String id = job.jobId();
        try {
            ACTOR.run(() -> {
                try {
                    return bundles.download(tenant.slug(), id, zip);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw a.failed("download bundle", t0, null, "the download broke off: " + e.getCause().getMessage());
        }
        a.ok("download bundle", t0, null, zip.size() + " bytes");

        t0 = System.nanoTime();
        Map<String, byte[]> files = unzip(zip.toByteArray());
        String problem = verify(files, a.place());
        if (problem != null) {
            throw a.failed("verify bundle", t0, null, problem);
        }
        a.ok("verify bundle", t0, null, files.size() + " files match the manifest; signature valid; certificate issued by the CompanyOS CA");

        t0 = System.nanoTime();
        String facts = deterministicSha256(files);
        if (golden.isEmpty()) {
            ProbeStore.Golden recorded = tx.execute(s -> store.recordGolden(NAME, a.place(), tenant.id(),
                    new ProbeStore.Golden(from, to, facts, clock.instant(), null)));
            if (recorded != null && !recorded.sha256().equals(facts)) {
                throw a.failed("deterministic parts", t0, null, "another console recorded " + recorded.sha256() + " for the same period; this bundle hashed " + facts);
            }
            a.ok("deterministic parts", t0, null, "expected value recorded: " + facts);
        } else if (!golden.get().sha256().equals(facts)) {
            throw a.failed("deterministic parts", t0, null, "the bundle's receipts and decisions for " + from + " – " + to + " hash to " + facts
                    + ", not " + golden.get().sha256() + " (recorded " + golden.get().recordedAt() + "): evidence changed or was lost");
        } else {
            a.ok("deterministic parts", t0, null, "as expected: " + facts);
        }
    }

    /** Why the bundle does not verify, or null. */
    String verify(Map<String, byte[]> files, String region) throws IOException {
        byte[] manifest = files.get("manifest.sha256");
        if (manifest == null) {
            return "no manifest.sha256";
        }
        Map<String, String> listed = new TreeMap<>();
        for (String line : new String(manifest, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                int sep = line.indexOf("  ");
                listed.put(line.substring(sep + 2), line.substring(0, sep));
            }
        }
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (UNLISTED.contains(f.getKey())) {
                continue;
            }
            String want = listed.get(f.getKey());
            if (want == null) {
                return f.getKey() + " is not in the manifest";
            }
            if (!want.equals(Hashing.sha256Hex(f.getValue()))) {
                return f.getKey() + " does not match its SHA-256 in the manifest";
            }
        }
        for (String name : listed.keySet()) {
            if (!files.containsKey(name)) {
                return name + " is in the manifest but not in the bundle";
            }
        }
        byte[] statement = files.get("statement.intoto.json");
        byte[] signature = files.get("dsse/signature.bin");
        if (statement == null || signature == null) {
            return "no signed statement";
        }
        JsonNode subjects = JSON.readTree(statement).path("subject");
        boolean names = false;
        for (JsonNode s : subjects) {
            names |= "manifest.sha256".equals(s.path("name").asText()) && Hashing.sha256Hex(manifest).equals(s.path("digest").path("sha256").asText());
        }
        if (!names) {
            return "the statement does not name the manifest's SHA-256";
        }
        byte[] pem = files.get("certificates/region-" + region + "-signing.crt");
        if (pem == null) {
            return "no signing certificate of " + region;
        }
        X509Certificate certificate = Pem.readCertificates(new String(pem, StandardCharsets.UTF_8)).get(0);
        if (!SigningKey.verify(certificate.getPublicKey(), Dsse.pae(Dsse.IN_TOTO, statement), signature)) {
            return "the statement's signature does not verify with " + region + "'s signing certificate";
        }
        boolean issued = false;
        for (X509Certificate ca : keys.identity().trusted()) {
            try {
                certificate.verify(ca.getPublicKey());
                issued = true;
            } catch (GeneralSecurityException notThisOne) {
                // try the next authority
            }
        }
        return issued ? null : "the signing certificate was not issued by the CompanyOS CA";
    }

    /** SHA-256 over the names and digests of the parts that depend only on the period's evidence. */
    static String deterministicSha256(Map<String, byte[]> files) {
        StringBuilder b = new StringBuilder();
        for (String name : DETERMINISTIC) {
            byte[] content = files.get(name);
            b.append(name).append('=').append(content == null ? "absent" : Hashing.sha256Hex(content)).append('\n');
        }
        return Hashing.sha256Hex(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.isDirectory()) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        // The bundle's files sit in one folder (named after the bundle); names here are relative to it.
        String folder = entries.keySet().stream().filter(n -> n.endsWith("manifest.sha256")).findFirst()
                .map(n -> n.substring(0, n.length() - "manifest.sha256".length())).orElse("");
        Map<String, byte[]> files = new LinkedHashMap<>();
        entries.forEach((name, bytes) -> files.put(name.startsWith(folder) ? name.substring(folder.length()) : name, bytes));
        return files;
    }
}
