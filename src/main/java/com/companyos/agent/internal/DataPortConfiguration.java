package com.companyos.agent.internal;

import com.companyos.agent.AgentSettings;
import com.companyos.pki.TlsConnectors;
import org.apache.catalina.connector.Connector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.List;

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
            Connector connector = TlsConnectors.https(settings.dataPort(), certificate, privateKey, List.of());
            factory.addAdditionalTomcatConnectors(connector);
        };
    }
}
