package com.companyos.pki;

import java.nio.file.Files;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * An EC P-256 key that signs documents (PAdES signatures on PDF reports), with its certificate chain: the signer's
 * certificate first, then its issuers, all of which go into each signature so a verifier can build the path.
 * Kept apart from {@link SigningKey} (Ed25519, raw signatures): PDF verifiers do not accept Ed25519.
 */
public record DocumentSigningKey(PrivateKey privateKey, List<X509Certificate> chain) {

    public DocumentSigningKey {
        if (!"EC".equals(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException("A document-signing key must be EC (P-256), not " + privateKey.getAlgorithm());
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("A document-signing key needs its certificate");
        }
        chain = List.copyOf(chain);
    }

    /** Loads {@code <name>.key} and {@code <name>.crt} (certificate first, then its issuer). */
    public static DocumentSigningKey load(IdentityFiles files) {
        if (!Files.exists(files.privateKey()) || !Files.exists(files.certificateChain())) {
            throw new IllegalStateException("Missing the document-signing key: supply " + files.privateKey().getFileName()
                    + " and " + files.certificateChain().getFileName() + " (EC P-256, key usage digitalSignature + "
                    + "nonRepudiation, certificate naming " + SpiffeId.documentSigning() + ") in "
                    + files.privateKey().toAbsolutePath().getParent());
        }
        return new DocumentSigningKey(Pem.readPrivateKey(files.privateKey()), Pem.readCertificates(files.certificateChain()));
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        // Never print the private key (records print every component).
        return "DocumentSigningKey[" + certificate().getSubjectX500Principal().getName() + "]";
    }
}
