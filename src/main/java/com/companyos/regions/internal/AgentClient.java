package com.companyos.regions.internal;

import com.companyos.agentapi.AgentHealth;
import com.companyos.agentapi.AgentPaths;
import com.companyos.pki.PeerIdentityException;
import com.companyos.pki.SpiffeId;
import com.companyos.pki.TlsIdentity;
import com.companyos.regions.Region;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

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

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Region region;
    private final HttpClient http;
    private final Duration timeout;

    public AgentClient(Region region, TlsIdentity identity, Duration timeout) {
        this.region = region;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .sslContext(identity.contextExpecting(SpiffeId.region(region.id())))
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
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
