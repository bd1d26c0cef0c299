package com.companyos.regions;

import com.companyos.base.RegionId;
import com.companyos.keys.ControlPlaneKeys;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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

    private final org.springframework.beans.factory.ObjectProvider<PartitionEndpoints> partitions;
    private final Map<String, AgentClient> endpoints = new ConcurrentHashMap<>();

    RegionAgents(RegionRegistry registry, ControlPlaneKeys tls, RegionSettings settings,
                 org.springframework.beans.factory.ObjectProvider<PartitionEndpoints> partitions) {
        this.registry = registry;
        this.tls = tls;
        this.settings = settings;
        this.partitions = partitions;
    }

    /**
     * The agent that holds tenant {@code tenantId}'s data in {@code region}: its Dedicated Compliance Partition's agent
     * there when it has one that serves it, the region's shared agent otherwise. Every tenant-scoped call goes here.
     */
    public Region endpointFor(UUID tenantId, RegionId region) {
        PartitionEndpoints p = partitions.getIfAvailable();
        return (p == null ? Optional.<Region>empty() : p.serving(tenantId, region)).orElseGet(() -> registry.get(region));
    }

    /** A client of the agent that holds tenant {@code tenantId}'s data in {@code region} (see {@link #endpointFor}). */
    public AgentClient forTenant(UUID tenantId, RegionId region) {
        return client(endpointFor(tenantId, region));
    }

    /** As {@link #forTenant(UUID, RegionId)}, with every call answering within {@code timeout}. */
    public AgentClient forTenant(UUID tenantId, RegionId region, java.time.Duration timeout) {
        Region endpoint = endpointFor(tenantId, region);
        if (!endpoint.dedicated()) {
            return client(region, timeout);
        }
        return timed.computeIfAbsent(endpoint.label() + " " + endpoint.agentUrl() + "@" + timeout.toMillis(),
                k -> new AgentClient(endpoint, tls.identity(), timeout));
    }

    /**
     * A client of one agent endpoint — a region's shared agent, a partition agent, or another process of a region (its
     * canary, at its own URL) — that accepts only that endpoint's identity.
     */
    public AgentClient client(Region endpoint) {
        if (!endpoint.dedicated() && endpoint.equals(registry.find(endpoint.id()).orElse(null))) {
            return client(endpoint.id());
        }
        return endpoints.computeIfAbsent(endpoint.label() + " " + endpoint.agentUrl(), k -> new AgentClient(endpoint, tls.identity(),
                settings.requestTimeout(), settings.operationTimeout()));
    }

    /**
     * Drops the client of an endpoint that is gone for good (a canary process at its own port): each rollout's canary
     * has new ports, so keeping their clients would keep one connection pool per rollout ever run.
     */
    public void forget(Region endpoint) {
        endpoints.remove(endpoint.label() + " " + endpoint.agentUrl());
    }

    /** See {@link PartitionEndpoints#release}. */
    public List<String> releasePartition(UUID tenantId) {
        PartitionEndpoints p = partitions.getIfAvailable();
        return p == null ? List.of() : p.release(tenantId);
    }

    /** Every agent endpoint: each region's shared agent, then every partition agent that holds data. */
    public List<Region> allEndpoints() {
        List<Region> all = new ArrayList<>(registry.all());
        PartitionEndpoints p = partitions.getIfAvailable();
        if (p != null) {
            all.addAll(p.all());
        }
        return all;
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
