package com.companyos.slo.internal;

import com.companyos.regions.Region;
import com.companyos.regions.RegionAgents;
import com.companyos.regions.RegionRegistry;
import com.companyos.slo.SloTarget;
import com.companyos.slo.SloTargets;
import com.companyos.slo.TargetAgent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.List;

/** The shared region agents as SLO targets ({@code region:<id>}), owned by platform operations. */
@Component
class RegionSloTargets implements SloTargets {

    private final RegionRegistry registry;
    private final RegionAgents agents;
    private final String owner;

    RegionSloTargets(RegionRegistry registry, RegionAgents agents,
                     @Value("${companyos.slo.region-owner:platform-operations}") String owner) {
        this.registry = registry;
        this.agents = agents;
        this.owner = owner;
    }

    @Override
    public List<SloTarget> targets() {
        return registry.all().stream().map(this::target).toList();
    }

    private SloTarget target(Region region) {
        return new SloTarget("region:" + region.id(), region.id() + " region agent", owner,
                TargetAgent.over(agents.client(region.id())));
    }
}
