package com.companyos.dashboards;

import com.companyos.approvals.OpenApprovals;
import com.companyos.dr.Drill;
import com.companyos.dr.RegionPosture;
import com.companyos.residency.DecisionTrends;
import com.companyos.tenants.TenantCensus;

import java.time.Instant;
import java.util.List;

/**
 * The platform's posture at a glance, as the executive overview shows it: tenants by zone and lock, DCPs, region
 * agents, violations prevented with their trend, where decisions were processed, replication lag and failover
 * readiness per region, the last DR drill and the approvals waiting. Assembled from rollups and aggregates only.
 *
 * @param dcpProvisioned dedicated compliance partitions active now (the tenants created with the DCP option are
 *                       {@code tenants.dcpRequested()})
 * @param lastDrill      the most recent finished drill of any tenant, or null when none has run
 */
public record ExecutiveOverview(Instant asOf, TenantCensus tenants, int dcpProvisioned, List<Agent> agents,
                                DecisionTrends decisions, List<RegionPosture> regions, Drill lastDrill, OpenApprovals approvals) {

    /** One region agent as the console sees it now. */
    public record Agent(String region, String zone, String state, String message) {
        public boolean healthy() {
            return "HEALTHY".equals(state);
        }
    }

    public long agentsHealthy() {
        return agents.stream().filter(Agent::healthy).count();
    }

    /** Whether two overviews show the same figures (whatever their time of assembly). */
    public boolean sameFiguresAs(ExecutiveOverview other) {
        return other != null && new ExecutiveOverview(null, tenants, dcpProvisioned, agents, decisions, regions, lastDrill, approvals)
                .equals(new ExecutiveOverview(null, other.tenants, other.dcpProvisioned, other.agents, other.decisions, other.regions,
                        other.lastDrill, other.approvals));
    }
}
