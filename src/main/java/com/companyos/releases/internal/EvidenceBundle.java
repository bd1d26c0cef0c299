package com.companyos.releases.internal;

import com.companyos.base.Hashing;
import com.companyos.pki.Dsse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A release's evidence bundle: the sealed scorecard, each gate's evidence file, the release manifest and its signed
 * envelope, the platform's certificates and VERIFY.md, then {@code manifest.sha256} over all of them, the in-toto
 * statement that names every file's digest (and the manifest's), its DSSE envelope, and the exact signed bytes and the
 * signature as files for {@code openssl}. Built from what was stored at sealing, so every download is the same bytes.
 */
final class EvidenceBundle {

    static final String SCORECARD = "release-scorecard.json";
    static final String PLATFORM_CERT = "certificates/platform-signing.crt";
    static final String CA_CERT = "certificates/ca.crt";
    /** Entries carry this time, so the zip's bytes depend on its content only. */
    private static final long ENTRY_TIME = 315532800000L; // 1980-01-01, the earliest a zip can say

    private EvidenceBundle() {
    }

    /** {@code sha256sum} format, by file name (the stored map's order is not part of what was signed). */
    static String manifest(Map<String, String> files) {
        StringBuilder m = new StringBuilder();
        new java.util.TreeMap<>(files).forEach((name, content) -> m.append(Hashing.sha256Hex(content.getBytes(StandardCharsets.UTF_8))).append("  ").append(name).append('\n'));
        return m.toString();
    }

    static byte[] zip(String folder, Map<String, String> files, String statement, String envelope) {
        try {
            String signature = com.companyos.base.Json.mapper().readTree(envelope).path("signatures").get(0).path("sig").asText();
            byte[] payload = statement.getBytes(StandardCharsets.UTF_8);
            Map<String, byte[]> all = new LinkedHashMap<>();
            files.forEach((name, content) -> all.put(name, content.getBytes(StandardCharsets.UTF_8)));
            all.put("manifest.sha256", manifest(files).getBytes(StandardCharsets.UTF_8));
            all.put("statement.intoto.json", payload);
            all.put("statement.dsse.json", envelope.getBytes(StandardCharsets.UTF_8));
            all.put("dsse/pae.bin", Dsse.pae(Dsse.IN_TOTO, payload));
            all.put("dsse/signature.bin", Base64.getDecoder().decode(signature));
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                for (Map.Entry<String, byte[]> e : all.entrySet()) {
                    ZipEntry entry = new ZipEntry(folder + "/" + e.getKey());
                    entry.setTime(ENTRY_TIME);
                    zip.putNextEntry(entry);
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String verifyMd(String version, String region, String verdict) {
        return """
                # Verifying the evidence bundle of release %s (%s) offline

                This bundle holds the sealed release scorecard of release `%s` in `%s` — verdict **%s** — with every gate's
                evidence file, the release's signed manifest, and what it takes to check them with stock tools (`sha256sum`,
                `openssl` 3, a POSIX shell). Run the commands in this folder.

                ## 1. The platform's signing certificate was issued by the CompanyOS CA

                    openssl verify -CAfile certificates/ca.crt certificates/platform-signing.crt
                    openssl x509 -in certificates/platform-signing.crt -noout -subject -ext subjectAltName
                    openssl x509 -in certificates/platform-signing.crt -pubkey -noout > platform.pub

                ## 2. The platform signed the statement (DSSE, Ed25519)

                    openssl pkeyutl -verify -pubin -inkey platform.pub -rawin -in dsse/pae.bin -sigfile dsse/signature.bin

                and `dsse/pae.bin` is exactly the DSSE encoding of `statement.intoto.json`:

                    { printf 'DSSEv1 28 application/vnd.in-toto+json %%s ' "$(wc -c < statement.intoto.json | tr -d ' ')"; cat statement.intoto.json; } | cmp - dsse/pae.bin

                ## 3. The signed statement vouches for the manifest, and the manifest for every file

                    grep -q "$(sha256sum manifest.sha256 | cut -d' ' -f1)" statement.intoto.json && echo "manifest is in the signed statement"
                    sha256sum -c manifest.sha256

                ## 4. The scorecard names each gate's evidence by its SHA-256

                Each gate in `release-scorecard.json` has `evidence.file` and `evidence.sha256`; `sha256sum evidence/*.json`
                prints the same digests. The verdict is `go` only when every required gate is `pass` or `warn`: a `fail` or
                `not_run` gate makes it `no-go`, with no weighting.

                ## What is inside

                - `release-scorecard.json` the scorecard: release, artifacts and their sha256, policy bundle, every gate, verdict
                - `evidence/` one file per gate: what it judged, the threshold, who or what produced it and when
                - `release/manifest.json` the release manifest; `release/manifest.dsse.json` its DSSE envelope (platform key)
                - `certificates/` the platform's signing certificate and the CA
                - `manifest.sha256`, `statement.intoto.json`, `statement.dsse.json`, `dsse/` the signed statement over all of it
                """.formatted(version, region, version, region, verdict);
    }
}
