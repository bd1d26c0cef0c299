package com.companyos.policy;

import com.companyos.base.Hashing;
import com.companyos.pki.SigningKey;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;

/**
 * A published bundle as it travels to agents: its files, its manifest (file digests), the {@link PublicationStatement}
 * and the platform's Ed25519 signature over that statement. A receiver trusts it only if the signature verifies with
 * the platform's key, the statement names this bundle (channel, version, the manifest's hash) and every file hashes
 * to what the manifest says. Whether it may replace the bundle in force is {@link BundleVersion}'s question.
 */
public record SignedBundle(String channel, String version, String sha256, String manifest, Map<String, String> files,
                           String statement, String signature, String keyId) {

    /** Signs {@code statement} (which must name {@code bundle}) with the platform key: only at publication. */
    public static SignedBundle publish(PolicyBundle bundle, PublicationStatement statement, SigningKey key) {
        if (statement.channel() != bundle.channel() || !statement.version().equals(bundle.version())
                || !statement.sha256().equals(bundle.sha256())) {
            throw new IllegalArgumentException("The publication statement does not name this bundle");
        }
        String text = statement.text();
        byte[] signature = key.sign(text.getBytes(StandardCharsets.UTF_8));
        return new SignedBundle(bundle.channel().folder(), bundle.version(), bundle.sha256(), bundle.manifest(), bundle.files(),
                text, Base64.getEncoder().encodeToString(signature), key.keyId());
    }

    /** The publication statement as carried (verified only by {@link #verify}). */
    public PublicationStatement publication() {
        return PublicationStatement.parse(statement);
    }

    /**
     * Verifies the signature, that the signed statement names this bundle, and the content; returns the bundle, ready
     * to decide with.
     *
     * @throws IllegalArgumentException saying what does not verify
     */
    public PolicyBundle verify(PublicKey platformKey) {
        if (signature == null || signature.isBlank() || statement == null) {
            throw new IllegalArgumentException("The bundle carries no platform signature: it was never published (a bundle is signed"
                    + " when its publication is approved)");
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The bundle signature is not base64");
        }
        if (!SigningKey.verify(platformKey, statement.getBytes(StandardCharsets.UTF_8), sig)) {
            throw new IllegalArgumentException("The bundle's signature does not verify with the platform signing key");
        }
        PublicationStatement signed = PublicationStatement.parse(statement);
        String actual;
        try {
            actual = PolicyBundle.manifestOf(files == null ? Map.of() : files);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The bundle's files do not match its signed manifest (" + e.getMessage() + ")");
        }
        if (!actual.equals(manifest) || !Hashing.sha256Hex(actual).equals(signed.sha256())) {
            throw new IllegalArgumentException("The bundle's files do not match its signed manifest (sha256 "
                    + Hashing.sha256Hex(actual) + ", signed " + signed.sha256() + ")");
        }
        if (!signed.channel().folder().equals(channel) || !signed.version().equals(version) || !signed.sha256().equals(sha256)) {
            throw new IllegalArgumentException("The bundle (" + channel + " " + version + ", sha256 " + sha256 + ") is not the one its"
                    + " signature publishes (" + signed.channel().folder() + " " + signed.version() + ", sha256 " + signed.sha256() + ")");
        }
        // Only content the platform published reaches the Cedar parser.
        PolicyBundle bundle = PolicyBundle.of(files);
        if (bundle.channel() != signed.channel() || !bundle.version().equals(signed.version())) {
            throw new IllegalArgumentException("The bundle's channel or version does not match its signed publication statement");
        }
        return bundle;
    }
}
