package com.companyos.cli;

import com.companyos.base.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The console's REST API as the CLI sees it: JSON over HTTP(S) with a Bearer token. */
final class ConsoleApi {

    static final ObjectMapper JSON = Json.mapper();

    /** An answer: status code and body (JSON tree, or text for non-JSON answers). */
    record Answer(int status, JsonNode json, String text) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String detail() {
            if (json != null && json.hasNonNull("detail")) {
                return json.get("detail").asText();
            }
            return text == null || text.isBlank() ? "HTTP " + status : text;
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ConsoleApi(String url, String token) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.token = token;
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path.substring(1))).timeout(Duration.ofSeconds(60)).GET());
    }

    Answer post(String path, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path.substring(1)))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(3)) // a rollback restarts agents
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
    }

    /** Uploads a file as the request body ({@code application/java-archive}), streamed from disk. */
    Answer upload(String pathAndQuery, java.nio.file.Path file) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery.substring(1)))
                .header("Content-Type", "application/java-archive")
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofFile(file)));
    }

    /** A binary answer: the status, the body's bytes and, for an error, its detail. */
    record Download(int status, byte[] bytes, String fileName, String detail) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /** GET a binary resource (e.g. an evidence bundle); an error answer's problem detail is read as text. */
    Download download(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(base.resolve(path.substring(1))).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token).header("Accept", "application/zip, application/json;q=0.9").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String disposition = response.headers().firstValue("Content-Disposition").orElse("");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("filename=\"([^\"]+)\"").matcher(disposition);
        String detail = null;
        if (response.statusCode() >= 400) {
            String body = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            try {
                detail = JSON.readTree(body).path("detail").asText(body);
            } catch (IOException e) {
                detail = body.isBlank() ? "HTTP " + response.statusCode() : body;
            }
        }
        return new Download(response.statusCode(), response.body(), m.find() ? m.group(1) : null, detail);
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, application/yaml;q=0.9").build(),
                HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("Content-Type").orElse("");
        JsonNode json = null;
        if (type.contains("json")) {
            try {
                json = JSON.readTree(response.body());
            } catch (IOException ignored) {
                // leave as text
            }
        }
        return new Answer(response.statusCode(), json, response.body());
    }
}
