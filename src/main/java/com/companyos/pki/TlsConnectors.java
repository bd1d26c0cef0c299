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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Additional Tomcat HTTPS connectors (TLS 1.3 only), the one way both roles open a second TLS port.
 *
 * <p>Every port serves one certificate, whatever name the client addressed it by, so the server name a client sends
 * (SNI) is not read by the JVM's TLS server: JSSE refuses a handshake with {@code illegal_parameter} when that name is
 * not a strict DNS host name, such as a fully qualified name with its trailing dot ({@code agent-eu-west.example.}),
 * which Python sends as it is (issue #21; curl and Go drop the dot). Tomcat reads the name itself, as before, and
 * still refuses a {@code Host} header it cannot parse (a name with an underscore) with 400.
 */
public final class TlsConnectors {

    /** How long a connection may stay silent mid-request or idle between requests. */
    static final int CONNECTION_TIMEOUT_MS = 20_000;
    /** JSSE's list of TLS extensions its servers ignore (the JDK's own system property, JVM-wide). */
    static final String SERVER_DISABLED_EXTENSIONS = "jdk.tls.server.disableExtensions";

    private TlsConnectors() {
    }

    /**
     * Makes this JVM's TLS servers ignore the client's server name (adds {@code server_name} to
     * {@value #SERVER_DISABLED_EXTENSIONS}, keeping what an operator put there). JSSE reads the property once, at its
     * first server handshake: this runs while the connectors are configured, before Tomcat accepts a connection.
     */
    static synchronized void ignoreServerNames() {
        String current = System.getProperty(SERVER_DISABLED_EXTENSIONS, "").replace("\"", "").trim();
        List<String> disabled = new ArrayList<>(Arrays.stream(current.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList());
        if (!disabled.contains("server_name")) {
            disabled.add("server_name");
            System.setProperty(SERVER_DISABLED_EXTENSIONS, String.join(",", disabled));
        }
    }

    /**
     * A TLS 1.3 connector serving {@code certificateChain}/{@code privateKey}. With {@code clientAuthorities} the
     * handshake requires a client certificate issued by one of them; with an empty list no client certificate is asked.
     */
    public static Connector https(int port, Path certificateChain, Path privateKey, List<X509Certificate> clientAuthorities) {
        ignoreServerNames();
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
