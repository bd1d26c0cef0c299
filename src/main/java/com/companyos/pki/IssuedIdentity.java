package com.companyos.pki;

import java.security.cert.X509Certificate;

/**
 * The outcome of {@link LocalCertificateAuthority#ensureIdentity}: the files, the certificate now in them, and whether
 * this call issued it (so the caller can audit the issuance) or found a valid one already.
 */
public record IssuedIdentity(IdentityFiles files, X509Certificate certificate, boolean newlyIssued) {

    public String fingerprint() {
        return Fingerprints.sha256(certificate);
    }
}
