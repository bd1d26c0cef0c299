package com.companyos.releases.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.RequestStats;
import com.companyos.agentapi.control.TrafficSplit;
import com.companyos.agentapi.control.TrafficState;
import com.companyos.base.KubernetesApi;
import com.companyos.regions.Region;
import com.companyos.regions.RegionAgents;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * <b>Untested</b> (no cluster on these machines): the split in production is the region's Gateway API
 * {@code HTTPRoute companyos-data} (namespace {@code companyos-<region>}): one rule per pinned tenant (path prefix
 * {@code /data/v1/tenants/<slug>/} to its lane's Service), then the weighted rule — {@code companyos-agent} and
 * {@code companyos-agent-canary} with weights 100−w and w. The gateway splits per request; this product stays the
 * judge. What each lane served is read from each lane's own agents ({@code /agent/v1/request-stats}), so the
 * counters are per process, not per split: the engine's window deltas still hold, an agent restart shows as a new
 * epoch.
 */
@Component
@ConditionalOnProperty(name = "companyos.releases.engine", havingValue = "kubernetes")
class GatewayApiTrafficRouter implements TrafficRouter {

    private final String apiUrlPattern;
    private final RegionAgents agents;
    private final Map<String, TrafficSplit> applied = new ConcurrentHashMap<>();

    GatewayApiTrafficRouter(@Value("${companyos.releases.kubernetes.api-url-pattern:https://kubernetes.%s.internal}") String apiUrlPattern,
                            RegionAgents agents) {
        this.apiUrlPattern = apiUrlPattern;
        this.agents = agents;
    }

    /** The HTTPRoute's rules as a JSON merge patch. */
    static String rules(TrafficSplit split) {
        StringBuilder rules = new StringBuilder();
        split.pins().forEach((slug, lane) -> rules.append("{\"matches\":[{\"path\":{\"type\":\"PathPrefix\",\"value\":\"/data/v1/tenants/")
                .append(slug).append("/\"}}],\"backendRefs\":[{\"name\":\"").append(service(lane)).append("\",\"port\":9543}]},"));
        long canary = Math.round(split.canaryRelease() == null ? 0 : split.canaryWeightPercent());
        rules.append("{\"backendRefs\":[{\"name\":\"companyos-agent\",\"port\":9543,\"weight\":").append(100 - canary)
                .append("},{\"name\":\"companyos-agent-canary\",\"port\":9543,\"weight\":").append(canary).append("}]}");
        return "{\"spec\":{\"rules\":[" + rules + "]}}";
    }

    private static String service(String lane) {
        return TrafficSplit.CANARY.equals(lane) ? "companyos-agent-canary" : "companyos-agent";
    }

    @Override
    public TrafficState apply(Region region, TrafficSplit split) {
        new KubernetesApi(apiUrlPattern.formatted(region.id().value())).mergePatch("/apis/gateway.networking.k8s.io/v1/namespaces/"
                + KubernetesCanaryRuntime.namespace(region) + "/httproutes/companyos-data", rules(split));
        applied.put(region.id().value(), split);
        return state(region);
    }

    @Override
    public TrafficState state(Region region) {
        TrafficSplit split = applied.get(region.id().value());
        Map<String, RequestStats> served = new LinkedHashMap<>();
        served.put(TrafficSplit.STABLE, agents.client(region.id()).get(AgentPaths.REQUEST_STATS, RequestStats.class).orElseThrow());
        if (split != null && split.canaryRelease() != null) {
            Region canary = new Region(region.id(), region.zone(), URI.create(region.agentUrl().toString()
                    .replace("companyos-agent.", "companyos-agent-canary.")), URI.create(split.canaryDataUrl()));
            served.put(TrafficSplit.CANARY, agents.client(canary).get(AgentPaths.REQUEST_STATS, RequestStats.class).orElseThrow());
        }
        return new TrafficState(split == null ? null : split.stableRelease(), split == null ? null : split.withoutKey(), served, 0, Instant.now());
    }
}
