import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Build-time step "migrate, generate": starts an embedded PostgreSQL, applies the Flyway migrations of the control
 * plane ({@code db/migrations/*.sql}) and of the region agent ({@code db/migrations/agent/*.sql}) to two databases,
 * and generates jOOQ code from the live schemas. Generating from a live database (not jOOQ's DDLDatabase) keeps
 * jsonb, partial indexes, triggers and real constraint names.
 *
 * <p>Run by exec-maven-plugin with Java's single-file source launcher, so it needs no compile step of its own.
 * Skips itself when neither the migrations nor this file changed since the last run.
 */
public class JooqCodegen {

    public static void main(String[] args) throws Exception {
        Path migrations = Path.of(args[0]).toAbsolutePath();
        Path output = Path.of(args[1]).toAbsolutePath();
        Path self = Path.of(args[2]).toAbsolutePath();

        String inputsHash = hashInputs(migrations, self);
        Path stamp = output.resolve(".codegen-inputs.sha256");
        if (Files.exists(stamp) && Files.readString(stamp).equals(inputsHash)) {
            System.out.println("[jooq-codegen] migrations unchanged, generated code is up to date");
            return;
        }

        long start = System.nanoTime();
        Path consoleOnly = Files.createTempDirectory("companyos-console-migrations");
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                Files.copy(f, consoleOnly.resolve(f.getFileName()));
            }
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("create database companyos");
                c.createStatement().execute("create database companyos_agent");
            }
            generate(pg, "companyos", consoleOnly, "com.companyos.db", output);
            generate(pg, "companyos_agent", migrations.resolve("agent"), "com.companyos.agent.db", output);
        }
        try (Stream<Path> tmp = Files.walk(consoleOnly)) {
            tmp.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
        Files.writeString(stamp, inputsHash);
        System.out.printf("[jooq-codegen] generated from live PostgreSQL in %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    private static void generate(EmbeddedPostgres pg, String database, Path migrations, String pkg, Path output)
            throws Exception {
        String url = pg.getJdbcUrl("postgres", database);
        Flyway.configure()
                .dataSource(url, "postgres", "postgres")
                .locations("filesystem:" + migrations)
                .failOnMissingLocations(true)
                .load()
                .migrate();
        GenerationTool.generate(new Configuration()
                .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(url)
                        .withUser("postgres").withPassword("postgres"))
                .withGenerator(new Generator()
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withInputSchema("public")
                                .withOutputSchemaToDefault(true)
                                .withExcludes("flyway_schema_history"))
                        .withGenerate(new Generate()
                                .withRecords(true)
                                .withPojos(false)
                                .withDaos(false)
                                .withJavaTimeTypes(true)
                                .withGeneratedAnnotation(false)
                                .withComments(true))
                        .withTarget(new Target().withPackageName(pkg).withDirectory(output.toString()))));
    }

    private static String hashInputs(Path migrations, Path self) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        List<Path> inputs;
        try (Stream<Path> files = Files.walk(migrations)) {
            inputs = files.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path p : inputs) {
            digest.update(migrations.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(p));
        }
        if (Files.exists(self)) {
            digest.update(Files.readAllBytes(self));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
