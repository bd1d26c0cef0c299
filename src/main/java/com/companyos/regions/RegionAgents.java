package com.companyos.regions;

import com.companyos.base.RegionId;
import com.companyos.keys.ControlPlaneKeys;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One mutual-TLS {@link AgentClient} per configured region, each accepting only that region's identity. Modules call
 * agents through here; they never build TLS contexts themselves.
 */
@Component
public class RegionAgents {

    private final RegionRegistry registry;
    private final ControlPlaneKeys tls;
    private final RegionSettings settings;
    private final Map<RegionId, AgentClient> clients = new ConcurrentHashMap<>();

    RegionAgents(RegionRegistry registry, ControlPlaneKeys tls, RegionSettings settings) {
        this.registry = registry;
        this.tls = tls;
        this.settings = settings;
    }

    public AgentClient client(RegionId region) {
        return clients.computeIfAbsent(region, r -> new AgentClient(registry.get(r), tls.identity(), settings.requestTimeout(),
                settings.operationTimeout()));
    }

    /**
     * A client whose every call, operations included, answers within {@code timeout} (failover steps that may wait
     * longer, or must give up sooner).
     */
    public AgentClient client(RegionId region, java.time.Duration timeout) {
        return timed.computeIfAbsent(region + "@" + timeout.toMillis(), k -> new AgentClient(registry.get(region), tls.identity(), timeout));
    }

    private final Map<String, AgentClient> timed = new ConcurrentHashMap<>();
}
