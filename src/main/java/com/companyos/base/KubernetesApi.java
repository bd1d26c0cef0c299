package com.companyos.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * <b>Untested</b> (no cluster on these machines): the few Kubernetes API calls the production adapters make — server-side
 * apply of a manifest, a JSON merge patch, a GET, a DELETE — with the console's service account token, against one
 * cluster's API server. Any answer of 300 or more is an error carrying the API's own message.
 */
public final class KubernetesApi {

    private static final Path TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private final String apiUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public KubernetesApi(String apiUrl) {
        this.apiUrl = apiUrl.replaceAll("/+$", "");
    }

    /** Server-side apply of a YAML manifest at {@code path} (e.g. {@code /apis/apps/v1/namespaces/x/deployments/y}). */
    public String apply(String path, String manifest) {
        return send(HttpRequest.newBuilder(URI.create(apiUrl + path + "?fieldManager=companyos&force=true"))
                .header("Content-Type", "application/apply-patch+yaml")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(manifest)));
    }

    public String mergePatch(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(apiUrl + path))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public String get(String path) {
        return send(HttpRequest.newBuilder(URI.create(apiUrl + path)).GET());
    }

    public String delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(apiUrl + path)).DELETE());
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.header("Authorization", "Bearer " + Files.readString(TOKEN).trim())
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("The Kubernetes API answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("The Kubernetes API at " + apiUrl + " could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
