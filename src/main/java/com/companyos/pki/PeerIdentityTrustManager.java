package com.companyos.pki;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Predicate;

/**
 * Validates the peer's chain against the trusted CA (PKIX: signature, validity, usage) and then checks the peer's
 * SPIFFE identity. This replaces host-name verification: a console that expects {@code eu-west} refuses a peer that
 * presents {@code us-east}, whatever host it answered on. Being an {@link X509ExtendedTrustManager}, JSSE calls it
 * directly and adds no host-name check of its own.
 */
final class PeerIdentityTrustManager extends X509ExtendedTrustManager {

    private final X509TrustManager pkix;
    private final Predicate<SpiffeId> accepted;
    private final String expectation;

    PeerIdentityTrustManager(X509TrustManager pkix, Predicate<SpiffeId> accepted, String expectation) {
        this.pkix = pkix;
        this.accepted = accepted;
        this.expectation = expectation;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
        if (!TlsPurpose.tlsServer(chain[0])) {
            throw new PeerIdentityException("peer certificate is not issued for TLS servers (no serverAuth extended key usage)");
        }
        checkIdentity(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
        if (!TlsPurpose.tlsClient(chain[0])) {
            throw new PeerIdentityException("peer certificate is not issued for TLS clients (no clientAuth extended key usage)");
        }
        checkIdentity(chain[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    private void checkIdentity(X509Certificate leaf) throws PeerIdentityException {
        SpiffeId presented = SpiffeId.of(leaf).orElseThrow(() -> new PeerIdentityException(
                "peer certificate '" + leaf.getSubjectX500Principal().getName() + "' carries no CompanyOS identity; expected "
                        + expectation));
        if (!accepted.test(presented)) {
            throw new PeerIdentityException("peer presented " + presented + ", expected " + expectation);
        }
    }
}
