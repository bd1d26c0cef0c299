package com.companyos.residency.internal;

import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.TlsClients;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls a region's tenant data API the way a tenant's application does: server-authenticated TLS (the CompanyOS CA),
 * a tenant API token as Bearer, no client certificate. Only the synthetic probe uses it, with its canary tenants.
 */
@Component
public class DataPlaneClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** An answer: status and body (parsed when it is JSON). */
    public record Answer(int status, String body, JsonNode json) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String text(String field) {
            return json == null || json.path(field).isMissingNode() || json.path(field).isNull() ? null : json.path(field).asText();
        }
    }

    private final HttpClient http;

    DataPlaneClient(ControlPlaneKeys keys) {
        this.http = TlsClients.serverAuthenticated(keys.identity().trusted(), TIMEOUT);
    }

    public Answer send(String method, URI uri, String token, Object body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json").method(method, publisher).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = response.body() == null || response.body().isBlank() ? null : JSON.readTree(response.body());
        } catch (IOException notJson) {
            // leave json null; the body is kept as text
        }
        return new Answer(response.statusCode(), response.body(), json);
    }
}
