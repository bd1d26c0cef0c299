package com.companyos.pki;

import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * An Ed25519 signing key with its certificate (which names whose key it is): the platform's policy-signing key, or a
 * region's receipt-signing key. Signatures are plain Ed25519 over the exact bytes, so {@code openssl pkeyutl -verify
 * -rawin} checks them with the certificate's public key.
 */
public final class SigningKey {

    private final Ed25519PrivateKeyParameters privateKey;
    private final List<X509Certificate> chain;
    private final String keyId;

    private SigningKey(Ed25519PrivateKeyParameters privateKey, List<X509Certificate> chain) {
        this.privateKey = privateKey;
        this.chain = chain;
        this.keyId = Fingerprints.sha256(chain.get(0)).replace(":", "").toLowerCase().substring(0, 16);
    }

    /** Loads {@code <name>.key} and {@code <name>.crt} (certificate first, then its issuer). */
    public static SigningKey load(Path key, Path certificate) {
        PrivateKey pk = Pem.readPrivateKey(key);
        try {
            AsymmetricKeyParameter params = PrivateKeyFactory.createKey(pk.getEncoded());
            if (!(params instanceof Ed25519PrivateKeyParameters ed)) {
                throw new IllegalArgumentException(key + " is not an Ed25519 key");
            }
            return new SigningKey(ed, Pem.readCertificates(certificate));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] sign(byte[] data) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    /** A JSON body as signed: its canonical form, the base64 Ed25519 signature over its UTF-8 bytes, and the key. */
    public record SignedJson(String body, String signature, String keyId) {
    }

    /** Signs the canonical JSON of {@code fields} (see {@link CanonicalJson}). */
    public SignedJson signJson(java.util.Map<String, ?> fields) {
        String body = CanonicalJson.write(fields);
        return new SignedJson(body, java.util.Base64.getEncoder().encodeToString(sign(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))), keyId);
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    /** A short stable identifier of the key: the first 16 hex digits of its certificate's SHA-256. */
    public String keyId() {
        return keyId;
    }

    /** Verifies an Ed25519 signature with a public key (e.g. from a certificate). */
    public static boolean verify(PublicKey publicKey, byte[] data, byte[] signature) {
        try {
            AsymmetricKeyParameter params = PublicKeyFactory.createKey(publicKey.getEncoded());
            if (!(params instanceof Ed25519PublicKeyParameters ed)) {
                return false;
            }
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, ed);
            verifier.update(data, 0, data.length);
            return verifier.verifySignature(signature);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
