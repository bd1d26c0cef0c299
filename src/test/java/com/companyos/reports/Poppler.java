package com.companyos.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** poppler-utils' command-line tools (Debian package {@code poppler-utils}; {@code .ci/run} installs it). */
final class Poppler {

    private Poppler() {
    }

    /** {@code pdfsig file}: its report, standard output and error together. */
    static String pdfsig(Path pdf) {
        return run(List.of("pdfsig", pdf.toString()));
    }

    /** {@code pdftoppm -png -r dpi}: one PNG per page, in page order. */
    static List<Path> renderPages(Path pdf, Path folder, int dpi) throws IOException {
        Files.createDirectories(folder);
        String prefix = pdf.getFileName().toString().replace(".pdf", "");
        String pageFile = java.util.regex.Pattern.quote(prefix) + "-\\d+\\.png";
        try (var old = Files.list(folder)) {
            for (Path file : old.filter(p -> p.getFileName().toString().matches(pageFile)).toList()) {
                Files.delete(file);
            }
        }
        run(List.of("pdftoppm", "-png", "-r", String.valueOf(dpi), pdf.toString(), folder.resolve(prefix).toString()));
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches(pageFile))
                    .sorted()
                    .toList();
        }
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish within 60 s");
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " is missing: apt-get install -y poppler-utils", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
