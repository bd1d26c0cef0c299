package com.companyos.base.db;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * The embedded PostgreSQL a process starts when no external database is configured ({@code SPRING_DATASOURCE_URL}
 * unset): where its data lives, the database name, and whether commits are flushed to disk before they are
 * acknowledged.
 *
 * @param directory    the PostgreSQL data directory; kept between runs
 * @param databaseName the database the application uses inside that cluster
 * @param port         fixed port, or 0 for any free port
 * @param durable      {@code true}: fsync and synchronous commit on, so an acknowledged write survives a crash
 * @param passwordFile when set, the cluster's superuser has its own password, kept in this owner-only file (generated
 *                     on first start) and every connection, local or TCP, must present it (scram-sha-256): another
 *                     process's credentials do not open it. A Dedicated Compliance Partition's agent runs so. Unset:
 *                     the cluster trusts local connections (a shared region agent, the console)
 */
@ConfigurationProperties("companyos.db.embedded")
public record EmbeddedDatabaseSettings(
        Path directory,
        @DefaultValue("companyos") String databaseName,
        @DefaultValue("0") int port,
        @DefaultValue("true") boolean durable,
        Path passwordFile) {

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public EmbeddedDatabaseSettings {
    }

    /** A cluster that trusts local connections (no password file). */
    public EmbeddedDatabaseSettings(Path directory, String databaseName, int port, boolean durable) {
        this(directory, databaseName, port, durable, null);
    }
}
