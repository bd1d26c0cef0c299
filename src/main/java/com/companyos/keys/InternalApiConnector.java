package com.companyos.keys;

import com.companyos.pki.IdentityFiles;
import com.companyos.pki.TlsConnectors;
import org.apache.catalina.connector.Connector;
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
            Connector connector = TlsConnectors.https(settings.port(), files.certificateChain(), files.privateKey(),
                    keys.identity().trusted());
            factory.addAdditionalTomcatConnectors(connector);
        };
    }
}
