package com.companyos.dcp.internal;

import com.companyos.regions.Region;
import com.companyos.regions.RegionAgents;
import com.companyos.slo.SloTarget;
import com.companyos.slo.SloTargets;
import com.companyos.slo.TargetAgent;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Each partition agent that holds data is an SLO target of its own ({@code dcp:<slug>:<region>}), measured from its
 * own request counters, with the defaults of every target (99.9 % of governed requests without 5xx, governed-write
 * p95 ≤ 50 ms, 30 days), editable in the SLOs view; owned by the tenant's DCP owner.
 */
@Component
class DcpSloTargets implements SloTargets {

    private final DcpEndpoints endpoints;
    private final RegionAgents agents;

    DcpSloTargets(DcpEndpoints endpoints, RegionAgents agents) {
        this.endpoints = endpoints;
        this.agents = agents;
    }

    @Override
    public List<SloTarget> targets() {
        return endpoints.all().stream().map(this::target).toList();
    }

    private SloTarget target(Region r) {
        return new SloTarget("dcp:" + r.partition() + ":" + r.id(), r.partition() + " DCP " + r.id(), "dcp-owner:" + r.partition(),
                TargetAgent.over(agents.client(r)));
    }
}
