package com.companyos.base.db;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * Starts the embedded PostgreSQL when no external database is configured. Setting {@code SPRING_DATASOURCE_URL}
 * (production) switches this off and Spring Boot's own DataSource configuration takes over; everything above the
 * DataSource (Flyway, jOOQ, services) is the same code either way.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
@EnableConfigurationProperties(EmbeddedDatabaseSettings.class)
public class EmbeddedDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(EmbeddedDatabaseSettings settings) {
        return EmbeddedDatabase.start(settings);
    }

    @Bean
    DataSource dataSource(EmbeddedDatabase database) {
        return database.dataSource();
    }
}
