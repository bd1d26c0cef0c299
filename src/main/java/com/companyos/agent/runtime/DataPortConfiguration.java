package com.companyos.agent.runtime;

import com.companyos.agent.AgentSettings;
import com.companyos.pki.TlsConnectors;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
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
 *
 * <p>A tenant application keeps its connections open and writes through them; Tomcat's default closes a keep-alive
 * connection after 100 requests, so one write in a hundred paid for a new TLS handshake (a few milliseconds of CPU on
 * both ends, on the latency of that write). Here a connection serves {@value #KEEP_ALIVE_REQUESTS} requests, and an idle
 * one is still closed after the connector's keep-alive timeout.
 */
@Configuration(proxyBeanMethods = false)
class DataPortConfiguration {

    static final int KEEP_ALIVE_REQUESTS = 10_000;

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> dataPortConnector(
            AgentSettings settings,
            @Value("${companyos.agent.tls.certificate}") Path certificate,
            @Value("${companyos.agent.tls.private-key}") Path privateKey) {
        return factory -> {
            Connector connector = TlsConnectors.https(settings.dataPort(), certificate, privateKey, List.of());
            ((AbstractHttp11Protocol<?>) connector.getProtocolHandler()).setMaxKeepAliveRequests(KEEP_ALIVE_REQUESTS);
            factory.addAdditionalTomcatConnectors(connector);
        };
    }
}
