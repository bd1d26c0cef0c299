package com.companyos.dcp.internal;

import com.companyos.base.RegionId;
import com.companyos.dcp.Dcp;
import com.companyos.dcp.DcpState;
import com.companyos.regions.PartitionEndpoints;
import com.companyos.regions.Region;
import com.companyos.regions.RegionRegistry;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The partitions' agents, for every tenant-scoped call of the console ({@link com.companyos.regions.RegionAgents}).
 * A partition serves its tenant once routing was switched to it (and until it is drained or in emergency fallback).
 * Read from the database, cached for a second (and refreshed at once by this console's own changes), so every console
 * sees the same placement.
 */
@Component
class DcpEndpoints implements PartitionEndpoints {

    static final String DATA_MOVED = "data-moved";
    static final String ROUTING_SWITCHED = "routing-switched";

    private record Snapshot(Map<UUID, Dcp> byTenant, long at) {
    }

    private final DcpRepository repository;
    private final RegionRegistry regions;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), 0);

    DcpEndpoints(DcpRepository repository, RegionRegistry regions) {
        this.repository = repository;
        this.regions = regions;
    }

    void refresh() {
        Map<UUID, Dcp> all = repository.inStates(DcpState.PROVISIONING, DcpState.ACTIVE, DcpState.DEGRADED, DcpState.FALLBACK,
                DcpState.DRAINING, DcpState.FAILED).stream().collect(Collectors.toMap(Dcp::tenantId, d -> d));
        snapshot = new Snapshot(all, System.nanoTime());
    }

    private Map<UUID, Dcp> current() {
        if (System.nanoTime() - snapshot.at() > 1_000_000_000L) {
            refresh();
        }
        return snapshot.byTenant();
    }

    /**
     * Whether the partition serves its tenant now: its data was moved in (the shared agents are fenced: from then on
     * the partition is the only place the tenant can be served) and it is not in fallback or drained.
     */
    static boolean serving(Dcp d) {
        boolean switched = d.steps().stream().anyMatch(s -> s.step().equals(DATA_MOVED) && "DONE".equals(s.state()));
        return switched && (d.state() == DcpState.ACTIVE || d.state() == DcpState.DEGRADED || d.state() == DcpState.PROVISIONING
                || d.state() == DcpState.FAILED);
    }

    @Override
    public Optional<Region> serving(UUID tenantId, RegionId region) {
        Dcp d = current().get(tenantId);
        if (d == null || !serving(d)) {
            return Optional.empty();
        }
        return d.endpoint(region.value()).map(e -> region(d, e));
    }

    @Override
    public List<Region> all() {
        return current().values().stream().flatMap(d -> d.endpoints().stream().map(e -> region(d, e))).toList();
    }

    @Override
    public List<String> release(UUID tenantId) {
        return releaser.release(tenantId);
    }

    /** Set by the provisioner (which owns the pools), so that this class stays a reader. */
    interface Releaser {
        List<String> release(UUID tenantId);
    }

    private volatile Releaser releaser = id -> List.of();

    void releaser(Releaser r) {
        this.releaser = r;
    }

    Region region(Dcp d, Dcp.Endpoint e) {
        RegionId id = RegionId.of(e.region());
        return new Region(id, regions.get(id).zone(), URI.create(e.agentUrl()), URI.create(e.dataUrl()), d.slug());
    }
}
