package com.companyos.dcp.internal;

import com.companyos.base.RegionId;
import com.companyos.dcp.Dcp;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * <b>Untested</b> (no cluster on these machines): a production adapter that gives each partition, per region, its own
 * Kubernetes namespace {@code companyos-dcp-<slug>} in that region's cluster, a StatefulSet of the agent image on a
 * dedicated node pool ({@code nodeSelector companyos.dev/pool=dcp-<slug>}, a taint only its pods tolerate), and a
 * Secret with its own database URL and credentials (a separate managed database, created by the platform team's
 * tooling and named in configuration as {@code companyos.dcp.kubernetes.database-secret}). Applied with server-side
 * apply through the API server of {@code companyos.dcp.kubernetes.api-url.<region>} with the console's service account
 * token. Identity files are issued by the platform PKI into the Secret {@code dcp-<slug>-identity} beforehand.
 */
@Component
@ConditionalOnProperty(name = "companyos.dcp.pools", havingValue = "kubernetes")
class KubernetesDcpPools implements DcpPools {

    private static final Path TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private final String image;
    private final String apiUrlPattern;
    private final String domain;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    KubernetesDcpPools(@Value("${companyos.dcp.kubernetes.image}") String image,
                       @Value("${companyos.dcp.kubernetes.api-url-pattern:https://kubernetes.%s.internal}") String apiUrlPattern,
                       @Value("${companyos.dcp.kubernetes.service-domain:svc.cluster.local}") String domain) {
        this.image = image;
        this.apiUrlPattern = apiUrlPattern;
        this.domain = domain;
    }

    static String namespace(String slug) {
        return "companyos-dcp-" + slug;
    }

    /** The manifests of one partition in one region (YAML, applied in order). */
    List<String> manifests(String slug, RegionId region) {
        String ns = namespace(slug);
        return List.of("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: %s, labels: {companyos.dev/dcp: %s}}
                """.formatted(ns, slug), """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: agent, namespace: %s}
                spec:
                  serviceName: agent
                  replicas: 1
                  selector: {matchLabels: {app: companyos-dcp-agent}}
                  template:
                    metadata: {labels: {app: companyos-dcp-agent}}
                    spec:
                      nodeSelector: {companyos.dev/pool: dcp-%s}
                      tolerations: [{key: companyos.dev/dcp, operator: Equal, value: %s, effect: NoSchedule}]
                      containers:
                      - name: agent
                        image: %s
                        args: ["--role=agent", "--region=%s", "--companyos.agent.partition=%s"]
                        envFrom: [{secretRef: {name: dcp-%s-database}}]
                        ports: [{containerPort: 9443, name: control}, {containerPort: 9543, name: data}]
                        volumeMounts: [{name: identity, mountPath: /etc/companyos/pki, readOnly: true}]
                      volumes: [{name: identity, secret: {secretName: dcp-%s-identity}}]
                """.formatted(ns, slug, slug, image, region.value(), slug, slug, slug));
    }

    @Override
    public Dcp.Endpoint start(String slug, RegionId region, Optional<Dcp.Endpoint> known) {
        String api = apiUrlPattern.formatted(region.value());
        for (String manifest : manifests(slug, region)) {
            String kind = manifest.contains("kind: Namespace") ? "namespaces/" + namespace(slug)
                    : "namespaces/" + namespace(slug) + "/statefulsets/agent";
            String base = manifest.contains("kind: Namespace") ? "/api/v1/" : "/apis/apps/v1/";
            send(HttpRequest.newBuilder(URI.create(api + base + kind + "?fieldManager=companyos&force=true"))
                    .header("Content-Type", "application/apply-patch+yaml")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(manifest)));
        }
        String host = "agent-0.agent." + namespace(slug) + "." + domain;
        return known.orElse(new Dcp.Endpoint(region.value(), "https://" + host + ":9443", "https://" + host + ":9543"));
    }

    @Override
    public void stop(String slug, RegionId region, Dcp.Endpoint endpoint) {
        String api = apiUrlPattern.formatted(region.value());
        send(HttpRequest.newBuilder(URI.create(api + "/apis/apps/v1/namespaces/" + namespace(slug) + "/statefulsets/agent/scale"))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"spec\":{\"replicas\":0}}")));
    }

    @Override
    public List<String> destroy(String slug, RegionId region, Dcp.Endpoint endpoint) {
        String api = apiUrlPattern.formatted(region.value());
        send(HttpRequest.newBuilder(URI.create(api + "/api/v1/namespaces/" + namespace(slug))).DELETE());
        return List.of("Kubernetes namespace " + namespace(slug) + " in " + region + " (pool, volumes, secrets); the partition's "
                + "managed database is deleted by the platform team's tooling (named in the deletion certificate)");
    }

    @Override
    public String storage() {
        return "external";
    }

    private void send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.header("Authorization", "Bearer " + Files.readString(TOKEN).trim())
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("The Kubernetes API answered " + r.statusCode() + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The Kubernetes API could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
