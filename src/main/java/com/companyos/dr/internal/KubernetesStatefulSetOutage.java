package com.companyos.dr.internal;

import com.companyos.base.Json;
import com.companyos.base.RegionId;
import com.companyos.pki.Pem;
import com.companyos.pki.TlsClients;
import com.companyos.regions.RegionRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The production way a drill takes a region down: the region's agents run as a StatefulSet (the Helm chart's
 * {@code companyos-agent-<region>}); a kill scales it to zero and force-deletes its pods (grace period 0, the nearest
 * Kubernetes has to SIGKILL), a restore scales it back. The replica count before the drill is kept as an annotation
 * on the StatefulSet, so a restore works from any console, also after the one that killed it stopped. The console's
 * service account needs {@code get}/{@code patch} on {@code statefulsets} and {@code deletecollection} on
 * {@code pods} in the agents' namespace.
 *
 * <p><b>Untested:</b> there is no Kubernetes cluster on the machines this was built on; the requests follow the
 * Kubernetes API reference (apps/v1 StatefulSet merge patch, core/v1 pod deletecollection).
 */
@Component
@ConditionalOnProperty(name = "companyos.dr.outage.kubernetes.enabled", havingValue = "true")
@EnableConfigurationProperties(KubernetesOutageSettings.class)
class KubernetesStatefulSetOutage implements RegionOutage {

    static final String REPLICAS_BEFORE = "companyos.example/replicas-before-drill";
    private static final Logger log = LoggerFactory.getLogger(KubernetesStatefulSetOutage.class);

    private final KubernetesOutageSettings settings;
    private final RegionRegistry regions;
    private final HttpClient http;

    KubernetesStatefulSetOutage(KubernetesOutageSettings settings, RegionRegistry regions) {
        this.settings = settings;
        this.regions = regions;
        this.http = TlsClients.serverAuthenticated(Pem.readCertificates(settings.serviceAccount().resolve("ca.crt")), settings.timeout());
    }

    @Override
    public boolean supports(RegionId region) {
        return regions.find(region).isPresent();
    }

    @Override
    public void kill(RegionId region) {
        JsonNode set = send("GET", statefulSetPath(region), null, null);
        int replicas = set.path("spec").path("replicas").asInt(1);
        String before = set.path("metadata").path("annotations").path(REPLICAS_BEFORE).asText("");
        // A second kill (a retried drill) must not record zero as the count to restore.
        String keep = before.isEmpty() ? Integer.toString(Math.max(replicas, 1)) : before;
        send("PATCH", statefulSetPath(region), "application/merge-patch+json", Json.write(Map.of(
                "metadata", Map.of("annotations", Map.of(REPLICAS_BEFORE, keep)), "spec", Map.of("replicas", 0))));
        String selector = set.path("spec").path("selector").path("matchLabels").properties().stream()
                .map(e -> e.getKey() + "=" + e.getValue().asText()).collect(Collectors.joining(","));
        if (selector.isEmpty()) {
            throw new IllegalStateException("StatefulSet " + name(region) + " has no matchLabels selector; its pods were not deleted");
        }
        send("DELETE", "/api/v1/namespaces/" + namespace() + "/pods?gracePeriodSeconds=0&labelSelector="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8), null, null);
        log.warn("Drill: scaled StatefulSet {} to 0 (was {}) and force-deleted its pods", name(region), keep);
    }

    @Override
    public void restore(RegionId region) {
        JsonNode set = send("GET", statefulSetPath(region), null, null);
        int replicas = Integer.parseInt(set.path("metadata").path("annotations").path(REPLICAS_BEFORE).asText("1"));
        Map<String, Object> annotations = new java.util.HashMap<>();
        annotations.put(REPLICAS_BEFORE, null); // merge patch: null removes the annotation
        send("PATCH", statefulSetPath(region), "application/merge-patch+json", Json.write(Map.of(
                "metadata", Map.of("annotations", annotations), "spec", Map.of("replicas", replicas))));
        log.info("Drill: scaled StatefulSet {} back to {}", name(region), replicas);
    }

    private String name(RegionId region) {
        return settings.statefulSet().replace("{region}", region.value());
    }

    private String statefulSetPath(RegionId region) {
        return "/apis/apps/v1/namespaces/" + namespace() + "/statefulsets/" + name(region);
    }

    private String namespace() {
        if (!settings.namespace().isBlank()) {
            return settings.namespace();
        }
        try {
            return Files.readString(settings.serviceAccount().resolve("namespace")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("No namespace configured and none in the service account folder", e);
        }
    }

    private JsonNode send(String method, String path, String contentType, String body) {
        try {
            // The token is read per request: Kubernetes rotates projected service account tokens.
            String token = Files.readString(settings.serviceAccount().resolve("token")).trim();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.apiUrl() + path)).timeout(settings.timeout())
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json");
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("Kubernetes API " + method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return Json.mapper().readTree(r.body().isEmpty() ? "{}" : r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Kubernetes API " + method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted calling the Kubernetes API", e);
        }
    }
}
