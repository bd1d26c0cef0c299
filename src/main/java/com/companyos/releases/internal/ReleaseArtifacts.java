package com.companyos.releases.internal;

import com.companyos.base.Hashing;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Agent artifacts in the data folder ({@code releases/<version>/agent.jar}): an upload is streamed to a temporary file
 * while its sha256 is computed, checked to be a runnable agent jar, and moved into place only then, so a cut upload
 * leaves nothing behind that looks like a release. Also the digest of the console's own build (the built-in release).
 */
@Component
class ReleaseArtifacts {

    private final Path root;
    private final long maxBytes;

    ReleaseArtifacts(@Value("${companyos.data-dir}") Path dataDir,
                     @Value("${companyos.releases.max-artifact-bytes:1073741824}") long maxBytes) {
        this.root = dataDir.toAbsolutePath().normalize().resolve("releases");
        this.maxBytes = maxBytes;
    }

    record Stored(Path path, String sha256, long bytes) {
    }

    Stored store(String version, InputStream upload) {
        Path dir = root.resolve(version);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "upload-", ".part");
            MessageDigest sha = Hashing.newSha256();
            long bytes;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                bytes = copyCapped(upload, out);
            }
            checkRunnable(tmp);
            Path target = dir.resolve("agent.jar");
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Stored(target, HexFormat.of().formatHex(sha.digest()), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store the artifact of release " + version, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file of a failed upload; the next upload replaces the folder's content anyway
                }
            }
        }
    }

    private long copyCapped(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
            if (total > maxBytes) {
                throw new IllegalArgumentException("The artifact is larger than " + maxBytes + " bytes (companyos.releases.max-artifact-bytes)");
            }
            out.write(buf, 0, n);
        }
        if (total == 0) {
            throw new IllegalArgumentException("The artifact is empty: upload the agent jar (a build of this project)");
        }
        return total;
    }

    /** A release artifact is a Spring Boot jar of this project: it must carry the application's classes. */
    private static void checkRunnable(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getEntry("BOOT-INF/classes/com/companyos/agent/AgentApplication.class") == null) {
                throw new IllegalArgumentException("The artifact is a jar, but not a CompanyOS build (no agent role inside); "
                        + "upload the jar that ./mvnw package builds (target/companyos-control-plane-*.jar)");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("The artifact is not a jar file: " + e.getMessage());
        }
    }

    /** The sha256 and size of the code this console runs: its boot jar, or its classes folder (development). */
    static Stored builtin() {
        try {
            String classpath = System.getProperty("java.class.path");
            Path single = classpath.contains(java.io.File.pathSeparator) ? null : Path.of(classpath);
            if (single != null && Files.isRegularFile(single)) {
                MessageDigest sha = Hashing.newSha256();
                try (InputStream in = new java.security.DigestInputStream(Files.newInputStream(single), sha)) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                return new Stored(single, HexFormat.of().formatHex(sha.digest()), Files.size(single));
            }
            Path classes = Path.of(ReleaseArtifacts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            MessageDigest sha = Hashing.newSha256();
            long bytes = 0;
            try (Stream<Path> files = Files.walk(classes)) {
                List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
                for (Path f : sorted) {
                    byte[] content = Files.readAllBytes(f);
                    sha.update(classes.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                    sha.update(Hashing.sha256(content));
                    bytes += content.length;
                }
            }
            return new Stored(classes, HexFormat.of().formatHex(sha.digest()), bytes);
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Cannot compute the digest of this build: " + e.getMessage(), e);
        }
    }
}
