package com.companyos.pki;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/** Additional Tomcat HTTPS connectors (TLS 1.3 only), the one way both roles open a second TLS port. */
public final class TlsConnectors {

    /** How long a connection may stay silent mid-request or idle between requests. */
    static final int CONNECTION_TIMEOUT_MS = 20_000;

    private TlsConnectors() {
    }

    /**
     * A TLS 1.3 connector serving {@code certificateChain}/{@code privateKey}. With {@code clientAuthorities} the
     * handshake requires a client certificate issued by one of them; with an empty list no client certificate is asked.
     */
    public static Connector https(int port, Path certificateChain, Path privateKey, List<X509Certificate> clientAuthorities) {
        Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        connector.setPort(port);
        connector.setScheme("https");
        connector.setSecure(true);
        Http11NioProtocol protocol = (Http11NioProtocol) connector.getProtocolHandler();
        protocol.setSSLEnabled(true);
        // A client that stops sending (a stalled body, an idle connection) is cut off after this, not after a minute.
        protocol.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        SSLHostConfig ssl = new SSLHostConfig();
        ssl.setProtocols("TLSv1.3");
        if (clientAuthorities.isEmpty()) {
            ssl.setCertificateVerification("none");
        } else {
            ssl.setCertificateVerification("required");
            // JSSE ignores caCertificateFile: trust exactly these authorities through an in-memory trust store.
            ssl.setTrustStore(trustStore(clientAuthorities));
        }
        SSLHostConfigCertificate cert = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
        cert.setCertificateFile(certificateChain.toAbsolutePath().toString());
        cert.setCertificateKeyFile(privateKey.toAbsolutePath().toString());
        ssl.addCertificate(cert);
        protocol.addSslHostConfig(ssl);
        return connector;
    }

    private static KeyStore trustStore(List<X509Certificate> authorities) {
        try {
            return TlsContexts.trustStore(authorities);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a trust store", e);
        }
    }
}
