package com.companyos.base;

import com.companyos.CompanyOsApplication;
import com.companyos.base.db.EmbeddedDatabase;
import com.companyos.base.db.EmbeddedDatabaseSettings;
import com.companyos.security.DemoAccounts;
import com.companyos.support.ConsoleIT;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production database path: with SPRING_DATASOURCE_URL set, the console starts no PostgreSQL of its own and
 * migrates the database it is given, and seeds no demo accounts there. (The server here is a separately started PostgreSQL that the console
 * only knows by URL.)
 */
class ExternalDatabaseIT {

    @Test
    void with_a_datasource_url_the_console_uses_that_database_and_starts_none(@TempDir Path dir) throws Exception {
        try (EmbeddedDatabase external = EmbeddedDatabase.start(new EmbeddedDatabaseSettings(dir.resolve("pg"), "external_cp", 0, false))) {
            String url = "jdbc:postgresql://localhost:" + external.port() + "/external_cp";
            try (ConfigurableApplicationContext console = new SpringApplicationBuilder(CompanyOsApplication.class).run(
                    "--server.port=0",
                    "--spring.datasource.url=" + url,
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.password=postgres",
                    "--companyos.data-dir=" + dir.resolve("data"),
                    "--companyos.agents.local.enabled=false",
                    "--companyos.internal.port=0",
                    "--companyos.probes.scheduled=false", "--companyos.demo.tenant=false",
                    "--companyos.regions.endpoints.eu-west.url=https://localhost:" + ConsoleIT.freePort(),
                    "--companyos.regions.endpoints.eu-central.url=https://localhost:" + ConsoleIT.freePort(),
                    "--companyos.regions.endpoints.us-east.url=https://localhost:" + ConsoleIT.freePort())) {
                assertThat(console.getBeansOfType(EmbeddedDatabase.class)).isEmpty();
                var sql = DSL.using(external.dataSource(), SQLDialect.POSTGRES);
                // A console on its own database seeds no demo accounts (their password is published) unless told to.
                assertThat(console.getBeansOfType(DemoAccounts.class)).isEmpty();
                assertThat(((Number) sql.fetchValue("select count(*) from app_user")).intValue()).isZero();
                assertThat(((Number) sql.fetchValue("select count(*) from flyway_schema_history where success")).intValue()).isPositive();
                assertThat(dir.resolve("data/console/postgres")).doesNotExist();
            }
        }
    }
}
