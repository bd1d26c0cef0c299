package com.companyos.agent.store;

import com.companyos.agent.AgentSettings;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The region's object store, one prefix per tenant. The embedded default keeps it in a folder under the agent's
 * data directory; an S3-compatible store in the same region would implement the same three operations.
 */
@Component
public class ObjectStore {

    private final Path root;

    ObjectStore(AgentSettings settings) {
        this.root = settings.objectsDirectory().toAbsolutePath().normalize();
    }

    public String prefix(UUID tenantId) {
        return "tenants/" + tenantId + "/";
    }

    /** Creates the tenant's prefix (idempotent). */
    public void createPrefix(UUID tenantId) {
        try {
            Path dir = Files.createDirectories(root.resolve(prefix(tenantId)));
            Path marker = dir.resolve(".namespace");
            if (!Files.exists(marker)) {
                Files.writeString(marker, tenantId + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the object prefix for " + tenantId, e);
        }
    }

    /** Number of objects and their total size under the tenant's prefix (the marker not counted). */
    public long[] usage(UUID tenantId) {
        Path dir = root.resolve(prefix(tenantId));
        if (!Files.isDirectory(dir)) {
            return new long[]{0, 0};
        }
        try (Stream<Path> files = Files.walk(dir)) {
            long[] usage = {0, 0};
            files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().equals(".namespace")).forEach(f -> {
                usage[0]++;
                try {
                    usage[1] += Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return usage;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean exists(UUID tenantId) {
        return Files.isDirectory(root.resolve(prefix(tenantId)));
    }

    /** Removes the tenant's prefix and everything under it (idempotent). */
    public void removePrefix(UUID tenantId) {
        Path dir = root.resolve(prefix(tenantId));
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the object prefix of " + tenantId, e);
        }
    }
}
