package com.companyos.regions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where a local region agent's embedded PostgreSQL listens, read from its {@code postmaster.pid}. */
final class RegionDatabases {

    private RegionDatabases() {
    }

    /** The port in line 4 of {@code postmaster.pid} (PostgreSQL's documented layout of that file). */
    static int port(Path dataDirectory) {
        Path pid = dataDirectory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pid);
            if (lines.size() < 4) {
                throw new IllegalStateException("The region database's " + pid + " has no port line yet (is it starting?)");
            }
            return Integer.parseInt(lines.get(3).trim());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("The region's database is not running (no " + pid + "); start the region's agent first", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pid, e);
        }
    }
}
