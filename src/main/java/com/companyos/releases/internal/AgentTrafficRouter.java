package com.companyos.releases.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.TrafficSplit;
import com.companyos.agentapi.control.TrafficState;
import com.companyos.regions.Region;
import com.companyos.regions.RegionAgents;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.time.Duration;

/** The embedded default's router: the region agent's data port splits requests itself (set over mutual TLS). */
@Component
@ConditionalOnProperty(name = "companyos.releases.engine", havingValue = "local", matchIfMissing = true)
class AgentTrafficRouter implements TrafficRouter {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final RegionAgents agents;

    AgentTrafficRouter(RegionAgents agents) {
        this.agents = agents;
    }

    @Override
    public TrafficState apply(Region region, TrafficSplit split) {
        return agents.client(region.id(), TIMEOUT).put(AgentPaths.TRAFFIC, split, TrafficState.class);
    }

    @Override
    public TrafficState state(Region region) {
        return agents.client(region.id(), TIMEOUT).get(AgentPaths.TRAFFIC, TrafficState.class)
                .orElseThrow(() -> new IllegalStateException("The " + region.id() + " agent has no traffic endpoint"));
    }
}
