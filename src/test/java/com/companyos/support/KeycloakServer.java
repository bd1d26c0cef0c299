package com.companyos.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A real Keycloak server (the {@code keycloak-quarkus-dist} zip Maven unpacks into {@code target/keycloak}), started
 * in dev mode with the realm export from {@code docker/keycloak/}. The realm file takes its console URL, client secret
 * and demo password from environment placeholders, so no secret lives in the repository: this harness makes them up.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "companyos";
    public static final String CLIENT_ID = "companyos-console";

    private final Process process;
    private final int port;
    private final String clientSecret;
    private final String userPassword;

    private KeycloakServer(Process process, int port, String clientSecret, String userPassword) {
        this.process = process;
        this.port = port;
        this.clientSecret = clientSecret;
        this.userPassword = userPassword;
    }

    /** Starts Keycloak and waits (up to 4 minutes: the first start after unpacking rebuilds Quarkus) until it serves the realm. */
    public static KeycloakServer start(String consoleUrl, Path logFile) {
        Path home = Path.of(System.getProperty("companyos.test.keycloak-home", "target/keycloak/keycloak-26.7.3"));
        Path realm = Path.of(System.getProperty("companyos.test.keycloak-realm", "docker/keycloak/companyos-realm.json"));
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak is not unpacked at " + home + " (run the tests with ./mvnw verify)");
        }
        int port = ConsoleIT.freePort();
        int managementPort = ConsoleIT.freePort();
        String secret = UUID.randomUUID().toString();
        String password = "Kc-" + UUID.randomUUID().toString().substring(0, 12);
        try {
            Path importDir = Files.createDirectories(home.resolve("data/import"));
            Files.copy(realm, importDir.resolve("companyos-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            ProcessBuilder builder = new ProcessBuilder(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-port=" + port, "--http-management-port=" + managementPort, "--import-realm",
                    "--db=dev-mem", "--health-enabled=true", "--log-level=warn,org.keycloak.common.Profile:error"))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().put("CONSOLE_URL", consoleUrl);
            builder.environment().put("KEYCLOAK_CLIENT_SECRET", secret);
            builder.environment().put("KC_DEMO_PASSWORD", password);
            KeycloakServer server = new KeycloakServer(builder.start(), port, secret, password);
            server.awaitReady(Duration.ofMinutes(4), logFile);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String issuerUri() {
        return "http://localhost:" + port + "/realms/" + REALM;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** The password of every demo user in the realm export (kc-admin, kc-compliance, kc-operator, kc-exec, kc-customer). */
    public String userPassword() {
        return userPassword;
    }

    private void awaitReady(Duration timeout, Path logFile) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        URI wellKnown = URI.create(issuerUri() + "/.well-known/openid-configuration");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue() + "; see " + logFile);
            }
            try {
                if (http.send(HttpRequest.newBuilder(wellKnown).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            ConsoleIT.sleep(1000);
        }
        close();
        throw new IllegalStateException("Keycloak did not serve realm " + REALM + " within " + timeout + "; see " + logFile);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
