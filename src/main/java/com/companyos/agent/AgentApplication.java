package com.companyos.agent;

import com.companyos.base.TimeConfiguration;
import com.companyos.base.db.EmbeddedDatabaseConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * The agent role's Spring application. It reads {@code agent.properties} (not the console's
 * {@code application.properties}), scans only {@code com.companyos.agent}, and switches off the console's Vaadin and
 * Spring Security auto-configuration (see {@code spring.autoconfigure.exclude} there): peers are authenticated by
 * mutual TLS at the connector and authorised by {@code PeerIdentityFilter}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ComponentScan
@Import({EmbeddedDatabaseConfiguration.class, TimeConfiguration.class})
@EnableConfigurationProperties({AgentSettings.class, Destinations.class})
public class AgentApplication {

    public static void run(String[] args) {
        new SpringApplicationBuilder(AgentApplication.class)
                .properties("spring.config.name=agent")
                .run(args);
    }
}
