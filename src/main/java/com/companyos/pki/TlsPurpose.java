package com.companyos.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Which certificates may authenticate a TLS peer: only those issued for it, with the TLS extended key usage. A
 * certificate without extended key usages counts as "any purpose" to JSSE's PKIX checks, and the signing certificates
 * (policy bundles, receipts) carry a CompanyOS identity too; without this rule they would pass as the identity they name.
 */
public final class TlsPurpose {

    static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private TlsPurpose() {
    }

    public static boolean tlsClient(X509Certificate certificate) {
        return has(certificate, CLIENT_AUTH);
    }

    public static boolean tlsServer(X509Certificate certificate) {
        return has(certificate, SERVER_AUTH);
    }

    /** The CompanyOS identity of a client certificate issued for TLS clients; empty for any other certificate. */
    public static Optional<SpiffeId> clientIdentity(X509Certificate[] chain) {
        return chain == null || chain.length == 0 || !tlsClient(chain[0]) ? Optional.empty() : SpiffeId.of(chain[0]);
    }

    private static boolean has(X509Certificate certificate, String purpose) {
        try {
            List<String> eku = certificate.getExtendedKeyUsage();
            return eku != null && eku.contains(purpose);
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
