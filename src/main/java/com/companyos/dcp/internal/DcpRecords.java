package com.companyos.dcp.internal;

import com.companyos.base.Json;
import com.companyos.dcp.Dcp;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.CanonicalJson;
import com.companyos.pki.Dsse;
import com.companyos.pki.Pem;
import com.companyos.pki.SigningKey;
import com.companyos.pki.SpiffeId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The provisioned DCP record: an in-toto statement about the approved plan (its sha256 is the subject's digest) in a
 * DSSE envelope with one signature by the platform and one per approving compliance officer. An approver's key is
 * custodial (the platform holds it, issued for {@code spiffe://companyos/person/<username>} by the CA) and signs only
 * when that person's approval of exactly this plan hash is on record; see ADR 0011. Verifiable offline with openssl
 * from the bundle {@link #bundle} writes.
 */
@Component
class DcpRecords {

    static final String PREDICATE = "https://companyos.dev/dcp-record/v1";
    private static final ObjectMapper JSON = Json.mapper();

    private final ControlPlaneKeys keys;

    DcpRecords(ControlPlaneKeys keys) {
        this.keys = keys;
    }

    /** Builds and signs the record of {@code dcp} as provisioned. */
    String sign(Dcp dcp, Instant provisionedAt) {
        Map<String, Object> predicate = new LinkedHashMap<>();
        predicate.put("plan", dcp.plan().fields());
        predicate.put("planSha256", dcp.planSha256());
        predicate.put("approvalRequest", String.valueOf(dcp.approvalRequestId()));
        predicate.put("requestedBy", dcp.requestedBy());
        predicate.put("reason", dcp.reason());
        predicate.put("approvedBy", dcp.approvedBy());
        List<Map<String, Object>> agents = new ArrayList<>();
        for (Dcp.Endpoint e : dcp.endpoints()) {
            agents.add(Map.of("region", e.region(), "identity", SpiffeId.dcp(com.companyos.base.RegionId.of(e.region()), dcp.slug()).uri(),
                    "controlUrl", e.agentUrl(), "dataUrl", e.dataUrl()));
        }
        predicate.put("agents", agents);
        predicate.put("signingKeySha256", dcp.keyFingerprint());
        predicate.put("provisionedAt", provisionedAt.toString());
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("_type", "https://in-toto.io/Statement/v1");
        statement.put("subject", List.of(Map.of("name", "dcp:" + dcp.slug(), "digest", Map.of("sha256", dcp.planSha256()))));
        statement.put("predicateType", PREDICATE);
        statement.put("predicate", predicate);
        byte[] payload = CanonicalJson.write(statement).getBytes(StandardCharsets.UTF_8);
        byte[] pae = Dsse.pae(Dsse.IN_TOTO, payload);
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("payloadType", Dsse.IN_TOTO);
        envelope.put("payload", Base64.getEncoder().encodeToString(payload));
        ArrayNode signatures = envelope.putArray("signatures");
        addSignature(signatures, "platform", keys.platformSigningKey(), pae);
        for (String approver : dcp.approvedBy()) {
            addSignature(signatures, "approver:" + approver, keys.personSigningKey(approver), pae);
        }
        try {
            return JSON.writeValueAsString(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addSignature(ArrayNode signatures, String signer, SigningKey key, byte[] pae) {
        ObjectNode sig = signatures.addObject();
        sig.put("keyid", key.keyId());
        sig.put("sig", Base64.getEncoder().encodeToString(key.sign(pae)));
        sig.put("signer", signer);
        sig.put("certificate", Pem.encode(key.certificate()));
    }

    /**
     * A zip to verify the record offline: the envelope, the statement, the exact signed bytes (PAE), each signature and
     * certificate as a file, the CA certificate, and VERIFY.md with the openssl commands.
     */
    byte[] bundle(String envelopeJson, X509Certificate ca) {
        try {
            JsonNode envelope = JSON.readTree(envelopeJson);
            byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                put(zip, "record.dsse.json", envelopeJson.getBytes(StandardCharsets.UTF_8));
                put(zip, "statement.json", payload);
                put(zip, "statement.pae", Dsse.pae(envelope.path("payloadType").asText(), payload));
                put(zip, "ca.crt", Pem.encode(ca).getBytes(StandardCharsets.UTF_8));
                StringBuilder checks = new StringBuilder();
                int i = 0;
                for (JsonNode sig : envelope.path("signatures")) {
                    i++;
                    String name = "signature-" + i;
                    put(zip, name + ".sig", Base64.getDecoder().decode(sig.path("sig").asText()));
                    put(zip, name + ".crt", sig.path("certificate").asText().getBytes(StandardCharsets.UTF_8));
                    checks.append("# ").append(sig.path("signer").asText()).append('\n')
                            .append("openssl verify -CAfile ca.crt ").append(name).append(".crt\n")
                            .append("openssl x509 -in ").append(name).append(".crt -pubkey -noout > ").append(name).append(".pub\n")
                            .append("openssl pkeyutl -verify -pubin -inkey ").append(name).append(".pub -rawin -in statement.pae -sigfile ")
                            .append(name).append(".sig\n\n");
                }
                put(zip, "VERIFY.md", verifyText(checks.toString()).getBytes(StandardCharsets.UTF_8));
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String verifyText(String checks) {
        return """
                # Verifying this DCP record offline

                `record.dsse.json` is a DSSE envelope around an in-toto statement (`statement.json`). Each signature covers
                the DSSE pre-authentication encoding `statement.pae`:
                `DSSEv1 <len(type)> application/vnd.in-toto+json <len(payload)> <payload>`. Rebuild it yourself and compare:

                ```sh
                t=application/vnd.in-toto+json
                { printf 'DSSEv1 %%d %%s %%d ' ${#t} "$t" "$(wc -c < statement.json)"; cat statement.json; } | cmp - statement.pae
                sha256sum statement.json
                ```

                Then check every signature: its certificate chains to the CompanyOS CA (`ca.crt`) and its Ed25519
                signature verifies over `statement.pae` (each command prints `OK` / `Signature Verified Successfully`):

                ```sh
                %s```

                One signature is the platform's (`spiffe://companyos/control-plane/policy-signing`); one per approving
                compliance officer (`spiffe://companyos/person/<username>`, a custodial key the platform signs with when that
                person's approval of exactly this plan hash is on record). The plan itself and its sha256 (the statement's
                subject digest) are in `statement.json` under `predicate.plan` and `predicate.planSha256`.
                """.formatted(checks);
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
