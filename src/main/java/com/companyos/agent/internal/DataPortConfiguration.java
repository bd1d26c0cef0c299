package com.companyos.agent.internal;

import com.companyos.agent.AgentSettings;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

/**
 * A second HTTPS connector for the tenant data API: server TLS with the agent's certificate, no client certificate
 * (tenant applications authenticate with tenant API tokens). The control API stays on the mutual-TLS connector.
 */
@Configuration(proxyBeanMethods = false)
class DataPortConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> dataPortConnector(
            AgentSettings settings,
            @Value("${companyos.agent.tls.certificate}") Path certificate,
            @Value("${companyos.agent.tls.private-key}") Path privateKey) {
        return factory -> {
            Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            connector.setPort(settings.dataPort());
            connector.setScheme("https");
            connector.setSecure(true);
            Http11NioProtocol protocol = (Http11NioProtocol) connector.getProtocolHandler();
            protocol.setSSLEnabled(true);
            SSLHostConfig ssl = new SSLHostConfig();
            ssl.setProtocols("TLSv1.3");
            ssl.setCertificateVerification("none");
            SSLHostConfigCertificate cert = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
            cert.setCertificateFile(certificate.toAbsolutePath().toString());
            cert.setCertificateKeyFile(privateKey.toAbsolutePath().toString());
            ssl.addCertificate(cert);
            protocol.addSslHostConfig(ssl);
            factory.addAdditionalTomcatConnectors(connector);
        };
    }
}
