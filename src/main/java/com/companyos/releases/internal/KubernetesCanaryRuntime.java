package com.companyos.releases.internal;

import com.companyos.base.KubernetesApi;
import com.companyos.regions.AgentRelease;
import com.companyos.regions.Region;
import com.companyos.regions.RegionAgents;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * <b>Untested</b> (no cluster on these machines): canaries in production. Each region's agents are the Deployment
 * {@code companyos-agent} (the stable release) in namespace {@code companyos-<region>}; a canary is the Deployment
 * {@code companyos-agent-canary} beside it — same regional database Secret, same identity Secret, the release's image
 * ({@code companyos.releases.kubernetes.image-repository}@sha256:&lt;artifact sha256&gt;: in production a release's
 * artifact is the agent image's digest) and its settings as arguments — behind its own Service. Moving the stable
 * Deployment to a release is a rolling update of its image and arguments. Traffic is split by
 * {@link GatewayApiTrafficRouter}.
 */
@Component
@ConditionalOnProperty(name = "companyos.releases.engine", havingValue = "kubernetes")
class KubernetesCanaryRuntime implements CanaryRuntime {

    private final String apiUrlPattern;
    private final String imageRepository;
    private final String domain;
    private final RegionAgents agents;
    private final ReleaseStore store;

    KubernetesCanaryRuntime(@Value("${companyos.releases.kubernetes.api-url-pattern:https://kubernetes.%s.internal}") String apiUrlPattern,
                            @Value("${companyos.releases.kubernetes.image-repository}") String imageRepository,
                            @Value("${companyos.releases.kubernetes.service-domain:svc.cluster.local}") String domain,
                            RegionAgents agents, ReleaseStore store) {
        this.apiUrlPattern = apiUrlPattern;
        this.imageRepository = imageRepository;
        this.domain = domain;
        this.agents = agents;
        this.store = store;
    }

    static String namespace(Region region) {
        return "companyos-" + region.id().value();
    }

    /** The Deployment of one release of a region's agent (YAML for server-side apply). */
    String deployment(Region region, String name, AgentRelease release, String sha256) {
        StringBuilder args = new StringBuilder("\"--role=agent\", \"--region=" + region.id().value() + "\", \"--companyos.agent.traffic.release="
                + release.version() + "\"");
        new TreeMap<>(release.properties()).forEach((k, v) -> args.append(", \"--").append(k).append('=').append(v.replace("\"", "")).append('"'));
        if (name.endsWith("-canary")) {
            args.append(", \"--companyos.agent.traffic.canary=true\"");
        }
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s, namespace: %s, labels: {app: companyos-agent, companyos.dev/release: "%s"}}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: companyos-agent, companyos.dev/lane: %s}}
                  template:
                    metadata: {labels: {app: companyos-agent, companyos.dev/lane: %s, companyos.dev/release: "%s"}}
                    spec:
                      containers:
                      - name: agent
                        image: %s@sha256:%s
                        args: [%s]
                        envFrom: [{secretRef: {name: region-database}}]
                        ports: [{containerPort: 9443, name: control}, {containerPort: 9543, name: data}]
                        readinessProbe: {httpGet: {path: /agent/v1/health, port: 9543, scheme: HTTPS}, periodSeconds: 5}
                        volumeMounts: [{name: identity, mountPath: /etc/companyos/pki, readOnly: true}]
                      volumes: [{name: identity, secret: {secretName: region-identity}}]
                """.formatted(name, namespace(region), release.version(), lane(name), lane(name), release.version(), imageRepository,
                sha256, args);
    }

    private static String lane(String name) {
        return name.endsWith("-canary") ? "canary" : "stable";
    }

    @Override
    public CanaryEndpoint launch(Region region, AgentRelease release, String forwardKey) {
        String sha = store.release(release.version()).orElseThrow().artifactSha256();
        api(region).apply("/apis/apps/v1/namespaces/" + namespace(region) + "/deployments/companyos-agent-canary",
                deployment(region, "companyos-agent-canary", release, sha));
        String host = "companyos-agent-canary." + namespace(region) + "." + domain;
        return new CanaryEndpoint("https://" + host + ":9543", "https://" + host + ":9443");
    }

    @Override
    public boolean ready(Region region, CanaryEndpoint endpoint, String release) {
        Region canary = new Region(region.id(), region.zone(), URI.create(endpoint.controlUrl()), URI.create(endpoint.dataUrl()));
        try {
            var probe = agents.client(canary).health().get(5, TimeUnit.SECONDS);
            return probe.report() != null && release.equals(probe.report().release());
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void stop(Region region) {
        api(region).mergePatch("/apis/apps/v1/namespaces/" + namespace(region) + "/deployments/companyos-agent-canary/scale",
                "{\"spec\":{\"replicas\":0}}");
    }

    @Override
    public void restartStable(Region region) {
        String version = store.stable(region.id().value()).orElseThrow();
        var release = store.release(version).orElseThrow();
        api(region).apply("/apis/apps/v1/namespaces/" + namespace(region) + "/deployments/companyos-agent",
                deployment(region, "companyos-agent", ReleaseCatalog.runtime(release), release.artifactSha256()));
    }

    private KubernetesApi api(Region region) {
        return new KubernetesApi(apiUrlPattern.formatted(region.id().value()));
    }
}
