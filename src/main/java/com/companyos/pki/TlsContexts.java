package com.companyos.pki;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * The JSSE plumbing every TLS endpoint of this package shares: an in-memory trust store of exactly the given authorities
 * (never the JDK's cacerts), PKIX validation against it, and TLS 1.3 contexts. One place, so the clients and connectors
 * cannot drift apart in what they trust or which protocol they speak.
 */
final class TlsContexts {

    private TlsContexts() {
    }

    /** A PKCS12 store holding {@code authorities} as trusted entries {@code ca-0}, {@code ca-1}, … */
    static KeyStore trustStore(List<X509Certificate> authorities) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < authorities.size(); i++) {
            store.setCertificateEntry("ca-" + i, authorities.get(i));
        }
        return store;
    }

    /** PKIX validation (signature, validity, usage) against {@code authorities} only. */
    static X509TrustManager pkix(List<X509Certificate> authorities) throws GeneralSecurityException, IOException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trustStore(authorities));
        return Arrays.stream(tmf.getTrustManagers())
                .filter(X509TrustManager.class::isInstance).map(X509TrustManager.class::cast)
                .findFirst().orElseThrow();
    }

    /** A TLS 1.3 context; {@code keyManagers} null presents no certificate. */
    static SSLContext tls13(KeyManager[] keyManagers, TrustManager trustManager) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers, new TrustManager[]{trustManager}, null);
        return context;
    }
}
