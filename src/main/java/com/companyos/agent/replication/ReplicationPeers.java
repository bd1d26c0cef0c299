package com.companyos.agent.replication;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.peer.PeerHello;
import com.companyos.agentapi.peer.ReplicationAck;
import com.companyos.agentapi.peer.ReplicationBatch;
import com.companyos.base.Json;
import com.companyos.base.RegionId;
import com.companyos.pki.SpiffeId;
import com.companyos.pki.TlsIdentity;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This agent's mutual-TLS client to the other regions' agents (replication). Each peer must present the certificate
 * of the region it is expected to be: a standby URL that answers with another region's identity is refused in the
 * handshake, so data never reaches a region other than the one the decision was made for.
 */
@Component
class ReplicationPeers {

    private static final ObjectMapper JSON = Json.mapper();
    private static final Duration HELLO_TTL = Duration.ofSeconds(60);

    private final TlsIdentity identity;
    private final Map<RegionId, HttpClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Hello> hellos = new ConcurrentHashMap<>();

    private record Hello(PeerHello hello, long at) {
    }

    /** A peer could not be reached or answered with an error. */
    static class PeerException extends IOException {
        PeerException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final com.companyos.agent.AgentSettings settings;

    ReplicationPeers(TlsIdentity identity, com.companyos.agent.AgentSettings settings) {
        this.identity = identity;
        this.settings = settings;
    }

    private HttpClient client(RegionId region) {
        return clients.computeIfAbsent(region, r -> HttpClient.newBuilder()
                .sslContext(identity.contextExpecting(SpiffeId.agent(r, settings.partition()))) // a DCP ships to its own agents only
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build());
    }

    /** The peer's own statement of region and zone, over a connection that proved the region (cached a minute). */
    PeerHello hello(RegionId region, String controlUrl) throws PeerException {
        String cacheKey = region + " " + controlUrl;
        Hello cached = hellos.get(cacheKey);
        if (cached != null && System.nanoTime() - cached.at() < HELLO_TTL.toNanos()) {
            return cached.hello();
        }
        PeerHello hello = send(region, HttpRequest.newBuilder(URI.create(controlUrl + AgentPaths.REPLICATION_HELLO))
                .timeout(Duration.ofSeconds(3)).GET().build(), PeerHello.class);
        if (!region.value().equals(hello.region())) {
            throw new PeerException("The standby at " + controlUrl + " says it is " + hello.region() + ", not " + region, null);
        }
        hellos.put(cacheKey, new Hello(hello, System.nanoTime()));
        return hello;
    }

    ReplicationAck ship(RegionId region, String controlUrl, ReplicationBatch batch) throws PeerException {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(batch);
        } catch (IOException e) {
            throw new PeerException("Cannot encode batch: " + e.getMessage(), e);
        }
        return send(region, HttpRequest.newBuilder(URI.create(controlUrl + AgentPaths.replicationBatches(batch.tenantId())))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), ReplicationAck.class);
    }

    private <T> T send(RegionId region, HttpRequest request, Class<T> type) throws PeerException {
        try {
            HttpResponse<byte[]> response = client(region).send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new PeerException(region + " answered HTTP " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8), null);
            }
            return JSON.readValue(response.body(), type);
        } catch (PeerException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted", e);
        } catch (IOException e) {
            throw new PeerException(region + " unreachable (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }
}
