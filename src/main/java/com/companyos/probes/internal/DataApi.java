package com.companyos.probes.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.base.Json;
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
 * A region's tenant data API as a tenant application calls it (the CompanyOS CA, a tenant API token as Bearer, no
 * client certificate), keeping the {@code X-Release} of each answer: which release served the request.
 */
@Component
class DataApi {

    private static final ObjectMapper JSON = Json.mapper();

    /** An answer; {@code json} is null when the body is not JSON. */
    record Answer(int status, String body, JsonNode json, String release) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String problem() {
            String detail = json == null ? null : json.path("detail").asText(null);
            return "HTTP " + status + (detail == null ? "" : ": " + detail);
        }
    }

    private final HttpClient http;

    DataApi(ControlPlaneKeys keys) {
        this.http = TlsClients.serverAuthenticated(keys.identity().trusted(), Duration.ofSeconds(5));
    }

    Answer send(String method, URI uri, String token, Object body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout.isZero() ? Duration.ofMillis(1) : timeout)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, publisher).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = response.body() == null || response.body().isBlank() ? null : JSON.readTree(response.body());
        } catch (IOException notJson) {
            // kept as text
        }
        return new Answer(response.statusCode(), response.body(), json, response.headers().firstValue(AgentPaths.RELEASE_HEADER).orElse(null));
    }
}
