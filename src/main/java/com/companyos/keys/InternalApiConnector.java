package com.companyos.keys;

import com.companyos.pki.IdentityFiles;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The internal API's connector: TLS 1.3 with the console's certificate, a client certificate from the CompanyOS CA
 * required in the handshake. {@link InternalApiFilter} then admits only region identities, only to {@code /internal/**}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InternalApiSettings.class)
class InternalApiConnector {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> internalApiTomcatConnector(InternalApiSettings settings, ControlPlaneKeys keys) {
        return factory -> {
            if (settings.port() <= 0) {
                return;
            }
            IdentityFiles files = keys.identityFiles();
            Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            connector.setPort(settings.port());
            connector.setScheme("https");
            connector.setSecure(true);
            Http11NioProtocol protocol = (Http11NioProtocol) connector.getProtocolHandler();
            protocol.setSSLEnabled(true);
            SSLHostConfig ssl = new SSLHostConfig();
            ssl.setProtocols("TLSv1.3");
            ssl.setCertificateVerification("required");
            // JSSE ignores caCertificateFile: trust exactly the CompanyOS CA(s) through an in-memory trust store.
            ssl.setTrustStore(trustStore(keys.identity().trusted()));
            SSLHostConfigCertificate cert = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
            cert.setCertificateFile(files.certificateChain().toAbsolutePath().toString());
            cert.setCertificateKeyFile(files.privateKey().toAbsolutePath().toString());
            ssl.addCertificate(cert);
            protocol.addSslHostConfig(ssl);
            factory.addAdditionalTomcatConnectors(connector);
        };
    }

    private static java.security.KeyStore trustStore(java.util.List<java.security.cert.X509Certificate> authorities) {
        try {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            return store;
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot build the internal API's trust store", e);
        }
    }
}
