package com.companyos.support;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The application folder of the image {@code docker/Dockerfile} builds, made without Docker: the built jar's layers
 * extracted with the Dockerfile's own command ({@code -Djarmode=tools … extract --layers --launcher}), copied into one
 * folder in the order of the Dockerfile's {@code COPY --from=layers} lines, and started with its {@code ENTRYPOINT}
 * from that folder (the image's {@code WORKDIR}). A layer the jar has and the Dockerfile forgets leaves classes out,
 * and the process does not start.
 */
public final class ImageLayout {

    private static final Path DOCKERFILE = Path.of("docker", "Dockerfile");
    private static final Pattern LAYER_COPY = Pattern.compile("(?m)^COPY --from=layers .*?/extracted/([a-z-]+)/ \\./\\s*$");
    private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT (\\[.*])\\s*$");

    private final Path app;
    private final List<String> entrypoint;

    private ImageLayout(Path app, List<String> entrypoint) {
        this.app = app;
        this.entrypoint = entrypoint;
    }

    /** Extracts the jar {@code ./mvnw package} built into {@code target/} as the Dockerfile does, under {@code into}. */
    public static ImageLayout extract(Path into) throws Exception {
        String dockerfile = Files.readString(DOCKERFILE);
        Path jar = builtJar();
        Files.createDirectories(into);
        Path extracted = into.resolve("extracted");
        Process extract = new ProcessBuilder(java(), "-Djarmode=tools", "-jar", jar.toAbsolutePath().toString(),
                "extract", "--layers", "--launcher", "--destination", extracted.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(into.resolve("extract.log").toFile()).start();
        if (!extract.waitFor(120, TimeUnit.SECONDS) || extract.exitValue() != 0) {
            throw new IllegalStateException("Extracting the layers of " + jar + " failed: " + Files.readString(into.resolve("extract.log")));
        }
        Path app = into.resolve("app");
        Matcher layers = LAYER_COPY.matcher(dockerfile);
        List<String> copied = new ArrayList<>();
        while (layers.find()) {
            copied.add(layers.group(1));
            copyTree(extracted.resolve(layers.group(1)), app);
        }
        if (copied.isEmpty()) {
            throw new IllegalStateException("No 'COPY --from=layers …/extracted/<layer>/ ./' line in " + DOCKERFILE);
        }
        Matcher entry = ENTRYPOINT.matcher(dockerfile);
        if (!entry.find()) {
            throw new IllegalStateException("No exec-form ENTRYPOINT in " + DOCKERFILE);
        }
        List<String> entrypoint = List.of(new ObjectMapper().readValue(entry.group(1), String[].class));
        return new ImageLayout(app, entrypoint);
    }

    /**
     * A process as the image would run it: its {@code ENTRYPOINT} (with this machine's {@code java} and {@code jvmOptions}
     * after it) and {@code args}, in the application folder, with no class path from the test JVM.
     */
    public ProcessBuilder process(List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(entrypoint.get(0).equals("java") ? java() : entrypoint.get(0));
        command.addAll(jvmOptions);
        command.addAll(entrypoint.subList(1, entrypoint.size()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile());
        builder.environment().remove("CLASSPATH");
        builder.environment().remove("SPRING_DATASOURCE_URL");
        builder.environment().remove("SPRING_PROFILES_ACTIVE");
        return builder;
    }

    public Path folder() {
        return app;
    }

    static Path builtJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().matches("companyos-control-plane-.*\\.jar")).toList();
            if (jars.size() != 1) {
                throw new IllegalStateException("Expected the one jar ./mvnw package builds in target/, found " + jars
                        + " (run the ITs with ./mvnw verify)");
            }
            return jars.get(0);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void copyTree(Path from, Path to) {
        if (!Files.isDirectory(from)) {
            // An empty layer (no snapshot dependencies, say) is not written; Docker's COPY of it would fail the build.
            throw new IllegalStateException("The Dockerfile copies layer " + from.getFileName() + ", which the jar does not have");
        }
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path source : tree.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
