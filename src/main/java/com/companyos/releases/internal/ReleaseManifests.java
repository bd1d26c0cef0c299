package com.companyos.releases.internal;

import com.companyos.base.Hashing;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.CanonicalJson;
import com.companyos.pki.Dsse;
import com.companyos.pki.SigningKey;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A release's manifest (canonical JSON: sorted keys, no whitespace, so its bytes are its identity) and its signature:
 * an in-toto statement whose subject is the agent artifact (name {@code agent:<version>}, its sha256) with the manifest
 * as predicate, in a DSSE envelope signed with the platform key — the same form as every other piece of evidence.
 * Also the signed statements of what happened to releases (rollbacks), so each carries its own evidence.
 */
@Component
class ReleaseManifests {

    static final String PREDICATE = "https://companyos.dev/release/v1";
    static final String ROLLBACK_PREDICATE = "https://companyos.dev/release-rollback/v1";

    private final ControlPlaneKeys keys;

    ReleaseManifests(ControlPlaneKeys keys) {
        this.keys = keys;
    }

    /** The digest of a release's configuration: sha256 of its canonical JSON. */
    static String configSha256(Map<String, String> config) {
        return Hashing.sha256Hex(CanonicalJson.write(new TreeMap<>(config)));
    }

    record Signed(String manifest, String envelope) {
    }

    Signed sign(String version, String artifactPath, String artifactSha256, long artifactBytes, Map<String, String> config,
                String policyChannel, String policyVersion, String policySha256, String replaces, String createdBy,
                String reason, Instant createdAt) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("version", version);
        manifest.put("artifact", Map.of("path", artifactPath, "sha256", artifactSha256, "bytes", artifactBytes));
        manifest.put("config", new TreeMap<>(config));
        manifest.put("configSha256", configSha256(config));
        manifest.put("policyBundle", Map.of("channel", policyChannel, "version", policyVersion, "sha256", policySha256));
        manifest.put("replaces", replaces == null ? "" : replaces);
        manifest.put("createdBy", createdBy);
        manifest.put("reason", reason);
        manifest.put("createdAt", createdAt.toString());
        String canonical = CanonicalJson.write(manifest);
        return new Signed(canonical, envelope("agent:" + version, artifactSha256, PREDICATE, manifest));
    }

    /** A signed statement of a rollback: subject the target release's artifact, predicate who, from, to, why. */
    String rollbackStatement(Map<String, Object> predicate, String targetVersion, String targetSha256) {
        return envelope("agent:" + targetVersion, targetSha256, ROLLBACK_PREDICATE, predicate);
    }

    private String envelope(String subject, String sha256, String predicateType, Map<String, Object> predicate) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("_type", "https://in-toto.io/Statement/v1");
        statement.put("subject", List.of(Map.of("name", subject, "digest", Map.of("sha256", sha256))));
        statement.put("predicateType", predicateType);
        statement.put("predicate", predicate);
        byte[] payload = CanonicalJson.write(statement).getBytes(StandardCharsets.UTF_8);
        SigningKey key = keys.platformSigningKey();
        return Dsse.envelope(Dsse.IN_TOTO, payload, key.sign(Dsse.pae(Dsse.IN_TOTO, payload)), key.keyId());
    }
}
