package com.companyos.base.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * An embedded cluster with its own superuser password: generated once into an owner-only file, set on the cluster's
 * first start, and from then on required for every connection ({@code pg_hba.conf}: scram-sha-256 for local and TCP
 * connections alike, no trust). initdb of the embedded PostgreSQL trusts everyone, so the first start locks it down.
 */
final class OwnPassword {

    private OwnPassword() {
    }

    /** The password in {@code file}, generated (32 random bytes, hex) when the file does not exist yet. */
    static String read(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] secret = new byte[32];
                new SecureRandom().nextBytes(secret);
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.writeString(tmp, HexFormat.of().formatHex(secret));
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the folder's permissions protect it
                }
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the database password file " + file, e);
        }
    }

    /** Sets the superuser's password and makes the cluster require it from now on (reloaded at once); idempotent. */
    static void lockDown(EmbeddedPostgres postgres, Path dataDir, String password) throws SQLException, IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection("postgres", password); Statement st = c.createStatement()) {
            st.execute("set password_encryption = 'scram-sha-256'");
            st.execute("alter role postgres with password '" + password.replace("'", "''") + "'");
            Files.writeString(dataDir.resolve("pg_hba.conf"), """
                    # Written by CompanyOS: this cluster belongs to one process, which proves its own password.
                    local   all   all                 scram-sha-256
                    host    all   all   127.0.0.1/32  scram-sha-256
                    host    all   all   ::1/128       scram-sha-256
                    """);
            st.execute("select pg_reload_conf()");
        }
    }
}
