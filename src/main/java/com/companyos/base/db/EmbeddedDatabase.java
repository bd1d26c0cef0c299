package com.companyos.base.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server embedded in this process's lifecycle, with its data kept in a directory between runs. Used by
 * the embedded default for the console and for every region agent; production points {@code SPRING_DATASOURCE_URL} at
 * a managed PostgreSQL instead and this class is never started.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final HikariDataSource dataSource;
    private final String databaseName;

    private EmbeddedDatabase(EmbeddedPostgres postgres, HikariDataSource dataSource, String databaseName) {
        this.postgres = postgres;
        this.dataSource = dataSource;
        this.databaseName = databaseName;
    }

    public static EmbeddedDatabase start(EmbeddedDatabaseSettings settings) {
        Path dir = settings.directory().toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            stopOrphanedServer(dir);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(settings.port())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "100");
            if (settings.durable()) {
                // The library defaults favour test speed (fsync off, asynchronous commit). Here an acknowledged
                // commit must survive a killed process or a crashed machine.
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                        // A session that evicts dirty pages (the governed writer, autovacuum) has the kernel write them
                        // out every 256 kB, as the background writer and checkpointer already do. Left to the kernel,
                        // they were written in bursts every few seconds, and each burst held a commit's WAL flush for
                        // 0.1-0.6 s behind it (seen in pg_stat_activity as WALSync, on this machine's virtual disk).
                        .setServerConfig("backend_flush_after", "256kB");
            }
            String password = settings.passwordFile() == null ? "postgres" : OwnPassword.read(settings.passwordFile());
            boolean own = settings.passwordFile() != null;
            boolean fresh = own && !Files.exists(dir.resolve("PG_VERSION"));
            if (own && !fresh) {
                builder.setConnectConfig("password", password); // the cluster asks for it since its first start
            }
            EmbeddedPostgres postgres = builder.start();
            if (own) {
                OwnPassword.lockDown(postgres, dir, password); // idempotent: also finishes a first start cut short
            }
            createDatabaseIfMissing(postgres, settings.databaseName(), own ? password : null);
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(postgres.getJdbcUrl("postgres", settings.databaseName()));
            config.setUsername("postgres");
            config.setPassword(password);
            config.setMaximumPoolSize(10);
            config.setPoolName("embedded-" + settings.databaseName());
            log.info("Embedded PostgreSQL for database '{}' is up on port {} (data: {})",
                    settings.databaseName(), postgres.getPort(), dir);
            return new EmbeddedDatabase(postgres, new HikariDataSource(config), settings.databaseName());
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public int port() {
        return postgres.getPort();
    }

    public String databaseName() {
        return databaseName;
    }

    @Override
    public void close() throws IOException {
        dataSource.close();
        postgres.close();
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres, String name, String password) throws SQLException {
        try (Connection c = password == null ? postgres.getPostgresDatabase().getConnection()
                : postgres.getPostgresDatabase().getConnection("postgres", password);
             PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
                        throw new IllegalArgumentException("Invalid database name: " + name);
                    }
                    c.createStatement().execute("create database " + name);
                }
            }
        }
    }

    /**
     * A process killed with SIGKILL leaves its PostgreSQL running (the server daemonises). If nobody holds the data
     * directory's lock, such a server is an orphan of ours: shut it down cleanly (SIGINT, fast shutdown) so this start
     * can take over. Its data is intact; PostgreSQL replays its WAL on the next start if needed.
     */
    private static void stopOrphanedServer(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Path lockFile = dir.resolve("epg-lock");
        try (FileChannel channel = new RandomAccessFile(lockFile.toFile(), "rw").getChannel();
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("The database directory " + dir
                        + " is in use by another running process. Stop it, or set companyos.data-dir to another folder.");
            }
            Optional<ProcessHandle> orphan = readPid(pidFile).flatMap(ProcessHandle::of)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
            if (orphan.isEmpty()) {
                return; // stale pid file: PostgreSQL handles that itself
            }
            long pid = orphan.get().pid();
            log.warn("Found PostgreSQL (pid {}) left running by a process that was killed; shutting it down before start", pid);
            new ProcessBuilder(List.of("kill", "-INT", Long.toString(pid))).inheritIO().start().waitFor();
            orphan.get().onExit().get(ORPHAN_STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while stopping an orphaned PostgreSQL in " + dir, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("An orphaned PostgreSQL in " + dir + " did not stop within "
                    + ORPHAN_STOP_TIMEOUT.toSeconds() + " s; stop it by hand (pg_ctl stop -D " + dir + ")", e);
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
