package com.companyos.audit.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An append-only file of one-line records (the audit chain's anchors), outside the database whose table it vouches for.
 * Each append is one write under an exclusive file lock, forced to disk before it returns; reading the latest record reads
 * only the file's tail, so it costs the same however many anchors the file holds. A line cut short by a crash is skipped.
 */
public final class AnchorFile {

    private static final int TAIL = 16 * 1024;

    private final Path path;

    public AnchorFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    public synchronized void append(String line) {
        if (line.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("An anchor record is one line");
        }
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND); FileLock lock = channel.lock()) {
                ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not append to " + path, e);
        }
    }

    /** The complete lines of the file's tail, last one last (empty when there is no file yet). */
    public synchronized List<String> tail() {
        if (!Files.exists(path)) {
            return List.of();
        }
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
            long length = file.length();
            long start = Math.max(0, length - TAIL);
            byte[] bytes = new byte[(int) (length - start)];
            file.seek(start);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (start > 0) {
                lines.remove(0); // begins mid-line
            }
            lines.remove(lines.size() - 1); // after the last newline: empty, or a line cut short
            lines.removeIf(String::isBlank);
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path, e);
        }
    }

    public Optional<String> last() {
        List<String> lines = tail();
        return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1));
    }
}
