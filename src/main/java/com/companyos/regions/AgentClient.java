package com.companyos.regions;

import com.companyos.base.Json;
import com.companyos.agentapi.control.AgentHealth;
import com.companyos.agentapi.AgentPaths;
import com.companyos.pki.PeerIdentityException;
import com.companyos.pki.TlsClients;
import com.companyos.pki.TlsIdentity;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The console's mutual-TLS client for one region's agent. It presents the control-plane certificate and accepts only a
 * server that proves {@code spiffe://companyos/region/<that region>} with a certificate from the trusted CA.
 */
public final class AgentClient {

    private static final ObjectMapper JSON = Json.mapper();
    private final Region region;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration operationTimeout;

    /** A client whose calls, health checks and operations alike, answer within {@code timeout}. */
    public AgentClient(Region region, TlsIdentity identity, Duration timeout) {
        this(region, identity, timeout, timeout);
    }

    /**
     * @param timeout          connect timeout and the health check's response timeout
     * @param operationTimeout response timeout of every other call; for a streamed answer, the longest pause between reads
     */
    public AgentClient(Region region, TlsIdentity identity, Duration timeout, Duration operationTimeout) {
        this.region = region;
        this.timeout = timeout;
        this.operationTimeout = operationTimeout;
        this.http = TlsClients.mutual(identity, region.identity(), timeout);
    }

    public Region region() {
        return region;
    }

    /** Asks the agent for its health; completes with the report and what the TLS session showed of the peer. */
    public CompletableFuture<HealthProbe> health() {
        HttpRequest request = HttpRequest.newBuilder(resolve(AgentPaths.HEALTH)).timeout(timeout).GET().build();
        long started = System.nanoTime();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> {
                    Duration latency = Duration.ofNanos(System.nanoTime() - started);
                    Instant peerNotAfter = response.sslSession()
                            .map(s -> {
                                try {
                                    return ((X509Certificate) s.getPeerCertificates()[0]).getNotAfter().toInstant();
                                } catch (SSLPeerUnverifiedException e) {
                                    return null;
                                }
                            }).orElse(null);
                    if (response.statusCode() != 200 && response.statusCode() != 503) {
                        throw new CompletionException(new AgentCallException(region + " answered HTTP " + response.statusCode()));
                    }
                    try {
                        return new HealthProbe(JSON.readValue(response.body(), AgentHealth.class), latency, peerNotAfter);
                    } catch (IOException e) {
                        throw new CompletionException(new AgentCallException(region + " sent an unreadable health report: " + e.getMessage()));
                    }
                });
    }

    /** GET a JSON resource; empty when the agent answers 404. */
    public <T> java.util.Optional<T> get(String path, Class<T> type) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(resolve(path)).GET());
        if (response.statusCode() == 404) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(read(response, type));
    }

    /** GET a JSON list; empty when the agent answers 404. */
    public <T> java.util.List<T> getList(String path, Class<T> element) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(resolve(path)).GET());
        if (response.statusCode() == 404) {
            return java.util.List.of();
        }
        return read(response, JSON.getTypeFactory().constructCollectionType(java.util.List.class, element));
    }

    /** POST a JSON body; the response body as {@code type} (null for 204). */
    public <T> T post(String path, Object body, Class<T> type) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(write(body))));
        return response.statusCode() == 204 ? null : read(response, type);
    }

    /**
     * GET a binary resource as a stream (e.g. a proof bundle); the caller closes it. An error answer is thrown as
     * {@link AgentRefusedException}.
     */
    public java.io.InputStream stream(String path) {
        HttpResponse<java.io.InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(resolve(path)).timeout(operationTimeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new AgentUnavailableException(region.id() + " agent: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentUnavailableException("Interrupted while calling the " + region.id() + " agent", e);
        }
        if (response.statusCode() >= 400) {
            try (var in = response.body()) {
                read(response.statusCode(), in.readAllBytes(), JSON.getTypeFactory().constructType(Object.class));
            } catch (IOException e) {
                throw new AgentUnavailableException(region.id() + " agent: " + describe(e), e);
            }
        }
        return new IdleTimeoutInputStream(response.body(), operationTimeout, region.id() + " agent");
    }

    /** PUT a JSON body; the response body as {@code type} (null for 204). */
    public <T> T put(String path, Object body, Class<T> type) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(write(body))));
        return response.statusCode() == 204 ? null : read(response, type);
    }

    /** DELETE; the response body as {@code type} (null for 204). */
    public <T> T delete(String path, Class<T> type) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(resolve(path)).DELETE());
        return response.statusCode() == 204 ? null : read(response, type);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(operationTimeout).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AgentUnavailableException(region.id() + " agent: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentUnavailableException("Interrupted while calling the " + region.id() + " agent", e);
        }
    }

    private <T> T read(HttpResponse<byte[]> response, Class<T> type) {
        return read(response.statusCode(), response.body(), JSON.getTypeFactory().constructType(type));
    }

    private <T> T read(HttpResponse<byte[]> response, com.fasterxml.jackson.databind.JavaType type) {
        return read(response.statusCode(), response.body(), type);
    }

    private <T> T read(int statusCode, byte[] body, com.fasterxml.jackson.databind.JavaType type) {
        if (statusCode >= 400) {
            String detail = null;
            try {
                detail = JSON.readTree(body).path("detail").asText(null);
            } catch (IOException ignored) {
                // not a problem document
            }
            throw new AgentRefusedException(statusCode, region.id() + " agent refused (HTTP "
                    + statusCode + "): " + (detail == null ? new String(body, java.nio.charset.StandardCharsets.UTF_8) : detail),
                    detail);
        }
        try {
            return JSON.readValue(body, type);
        } catch (IOException e) {
            throw new AgentUnavailableException(region.id() + " agent sent an unreadable answer: " + e.getMessage(), e);
        }
    }

    private static byte[] write(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot serialise " + body, e);
        }
    }

    /** The agent could not be reached, or did not answer in time, or its answer was unreadable. */
    public static class AgentUnavailableException extends RuntimeException {
        AgentUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The agent answered and refused (4xx/5xx); {@link #detail()} is its reason. */
    public static class AgentRefusedException extends RuntimeException {
        private final int status;
        private final String detail;

        AgentRefusedException(int status, String message, String detail) {
            super(message);
            this.status = status;
            this.detail = detail;
        }

        public int status() {
            return status;
        }

        public String detail() {
            return detail == null ? getMessage() : detail;
        }
    }

    private URI resolve(String path) {
        return region.agentUrl().resolve(path);
    }

    /** A short, human-readable reason for a failed call: what an operator should see in the Regions view. */
    public static String describe(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof PeerIdentityException) {
                return "Refused: " + c.getMessage();
            }
            if (c instanceof AgentCallException) {
                return c.getMessage();
            }
        }
        if (t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException) {
            return "No answer within the timeout";
        }
        if (t instanceof ConnectException || (t.getCause() instanceof ConnectException)) {
            return "Connection refused (agent not running?)";
        }
        if (t instanceof SSLHandshakeException) {
            return "TLS handshake failed: " + t.getMessage();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** A health report plus what the console measured itself. */
    public record HealthProbe(AgentHealth report, Duration latency, Instant peerCertificateNotAfter) {
    }

    /** The agent answered, but not with what the contract promises. */
    static final class AgentCallException extends IOException {
        AgentCallException(String message) {
            super(message);
        }
    }
}
