package com.companyos.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs stock command-line tools (openssl, sha256sum, sh) the way a customer's auditor would. */
public final class Shell {

    /** Exit code and combined output. */
    public record Result(int code, String output) {
        public boolean ok() {
            return code == 0;
        }
    }

    private Shell() {
    }

    public static Result run(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), output);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a POSIX shell script in {@code dir}. */
    public static Result sh(Path dir, String script) {
        return run(dir, "sh", "-c", script);
    }
}
