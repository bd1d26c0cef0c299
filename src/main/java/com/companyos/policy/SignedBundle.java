package com.companyos.policy;

import com.companyos.base.Hashing;
import com.companyos.pki.SigningKey;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * A bundle as it travels to agents: its files, its manifest (file digests) and the platform's Ed25519 signature over
 * the manifest's bytes. A receiver trusts it only if the signature verifies with the platform's key and every file
 * hashes to what the manifest says.
 */
public record SignedBundle(String channel, String version, String sha256, String manifest, Map<String, String> files,
                           String signature, String keyId, Instant signedAt) {

    public static SignedBundle sign(PolicyBundle bundle, SigningKey key, Instant now) {
        byte[] signature = key.sign(bundle.manifest().getBytes(StandardCharsets.UTF_8));
        return new SignedBundle(bundle.channel().folder(), bundle.version(), bundle.sha256(), bundle.manifest(), bundle.files(),
                Base64.getEncoder().encodeToString(signature), key.keyId(), now);
    }

    /**
     * Verifies the signature and the content; returns the bundle, ready to decide with.
     *
     * @throws IllegalArgumentException saying what does not verify
     */
    public PolicyBundle verify(PublicKey platformKey) {
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature == null ? "" : signature);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The bundle signature is not base64");
        }
        if (!SigningKey.verify(platformKey, manifest.getBytes(StandardCharsets.UTF_8), sig)) {
            throw new IllegalArgumentException("The bundle's signature does not verify with the platform signing key");
        }
        String actual;
        try {
            actual = PolicyBundle.manifestOf(files == null ? Map.of() : files);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The bundle's files do not match its signed manifest (" + e.getMessage() + ")");
        }
        if (!actual.equals(manifest) || !Hashing.sha256Hex(actual).equals(sha256)) {
            throw new IllegalArgumentException("The bundle's files do not match its signed manifest (sha256 "
                    + Hashing.sha256Hex(actual) + ", signed " + sha256 + ")");
        }
        // Only content the platform signed reaches the Cedar parser.
        PolicyBundle bundle = PolicyBundle.of(files);
        if (!bundle.channel().folder().equals(channel) || !bundle.version().equals(version)) {
            throw new IllegalArgumentException("The bundle's channel or version does not match its manifest");
        }
        return bundle;
    }
}
