package com.companyos.base;

import com.companyos.base.db.EmbeddedDatabase;
import com.companyos.base.db.EmbeddedDatabaseSettings;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Both schemas migrate from nothing on a real, empty PostgreSQL, and a second run changes nothing. */
class MigrationsIT {

    @Test
    void control_plane_migrations_apply_on_an_empty_database(@TempDir Path dir) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(new EmbeddedDatabaseSettings(dir.resolve("pg"), "cp_empty", 0, false))) {
            MigrateResult first = migrate(db, "classpath:db/migration");
            assertThat(first.success).isTrue();
            assertThat(first.migrationsExecuted).isGreaterThanOrEqualTo(1);
            DSLContext sql = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
            assertThat(sql.meta().getTables().stream().map(t -> t.getName()))
                    .contains("app_user", "audit_log").doesNotContain("agent_start");
            assertThat(migrate(db, "classpath:db/migration").migrationsExecuted).isZero();
        }
    }

    @Test
    void agent_migrations_apply_on_an_empty_database_and_bind_it_to_one_region(@TempDir Path dir) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(new EmbeddedDatabaseSettings(dir.resolve("pg"), "agent_empty", 0, false))) {
            assertThat(migrate(db, "classpath:db/agent-migration").success).isTrue();
            DSLContext sql = DSL.using(db.dataSource(), SQLDialect.POSTGRES);
            assertThat(sql.meta().getTables().stream().map(t -> t.getName())).contains("agent_start").doesNotContain("audit_log");
            sql.execute("insert into agent_start values (gen_random_uuid(), 'eu-west', 'v', 1, now())");
            assertThatThrownBy(() -> sql.execute("insert into agent_start values (gen_random_uuid(), 'us-east', 'v', 1, now())"))
                    .hasMessageContaining("belongs to region eu-west");
        }
    }

    @Test
    void an_embedded_database_keeps_its_data_between_starts(@TempDir Path dir) throws Exception {
        EmbeddedDatabaseSettings settings = new EmbeddedDatabaseSettings(dir.resolve("pg"), "kept", 0, true);
        try (EmbeddedDatabase db = EmbeddedDatabase.start(settings)) {
            DSL.using(db.dataSource(), SQLDialect.POSTGRES).execute("create table kept_row (v text); insert into kept_row values ('still here')");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(settings)) {
            assertThat(DSL.using(db.dataSource(), SQLDialect.POSTGRES).fetchValue("select v from kept_row")).isEqualTo("still here");
        }
    }

    private static MigrateResult migrate(EmbeddedDatabase db, String location) {
        return Flyway.configure().dataSource(db.dataSource()).locations(location).failOnMissingLocations(true).load().migrate();
    }
}
