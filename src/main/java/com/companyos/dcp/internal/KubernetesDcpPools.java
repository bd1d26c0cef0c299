package com.companyos.dcp.internal;

import com.companyos.base.KubernetesApi;
import com.companyos.base.RegionId;
import com.companyos.dcp.Dcp;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

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

    private final String image;
    private final String apiUrlPattern;
    private final String domain;

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
        KubernetesApi api = api(region);
        for (String manifest : manifests(slug, region)) {
            boolean namespace = manifest.contains("kind: Namespace");
            api.apply(namespace ? "/api/v1/namespaces/" + namespace(slug)
                    : "/apis/apps/v1/namespaces/" + namespace(slug) + "/statefulsets/agent", manifest);
        }
        String host = "agent-0.agent." + namespace(slug) + "." + domain;
        return known.orElse(new Dcp.Endpoint(region.value(), "https://" + host + ":9443", "https://" + host + ":9543"));
    }

    @Override
    public void stop(String slug, RegionId region, Dcp.Endpoint endpoint) {
        api(region).mergePatch("/apis/apps/v1/namespaces/" + namespace(slug) + "/statefulsets/agent/scale", "{\"spec\":{\"replicas\":0}}");
    }

    @Override
    public List<String> destroy(String slug, RegionId region, Dcp.Endpoint endpoint) {
        api(region).delete("/api/v1/namespaces/" + namespace(slug));
        return List.of("Kubernetes namespace " + namespace(slug) + " in " + region + " (pool, volumes, secrets); the partition's "
                + "managed database is deleted by the platform team's tooling (named in the deletion certificate)");
    }

    @Override
    public String storage() {
        return "external";
    }

    private KubernetesApi api(RegionId region) {
        return new KubernetesApi(apiUrlPattern.formatted(region.value()));
    }
}
