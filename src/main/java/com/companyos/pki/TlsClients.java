package com.companyos.pki;

import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * The HTTP clients the console opens to its regions, all TLS 1.3 over HTTP/1.1 and trusting only the given CompanyOS
 * authorities. Two kinds: server-authenticated (how a tenant's application reaches a region's data port: no client
 * certificate, the server checked by PKIX and host name) and mutual (a {@link TlsIdentity} presented, the server checked
 * by its SPIFFE identity instead of its host name). Built here once so every caller trusts and negotiates the same way.
 */
public final class TlsClients {

    private TlsClients() {
    }

    /**
     * A client that presents no certificate and accepts a server whose certificate chains to one of {@code authorities}
     * and names the host it was asked for (the JDK's host-name verification stays on).
     */
    public static HttpClient serverAuthenticated(List<X509Certificate> authorities, Duration connectTimeout) {
        return http(trustOnlyContext(authorities), connectTimeout);
    }

    /** A client presenting {@code identity} that accepts only a server proving {@code expectedPeer}. */
    public static HttpClient mutual(TlsIdentity identity, SpiffeId expectedPeer, Duration connectTimeout) {
        return http(identity.contextExpecting(expectedPeer), connectTimeout);
    }

    /** A TLS 1.3 context that trusts exactly {@code authorities} and presents no certificate. */
    public static SSLContext trustOnlyContext(List<X509Certificate> authorities) {
        try {
            return TlsContexts.tls13(null, TlsContexts.pkix(authorities));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a TLS context trusting " + authorities.size() + " authorities", e);
        }
    }

    private static HttpClient http(SSLContext tls, Duration connectTimeout) {
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
    }
}
