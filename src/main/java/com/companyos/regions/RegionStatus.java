package com.companyos.regions;

import com.companyos.base.RegionId;
import com.companyos.agentapi.control.AgentHealth;
import com.companyos.base.Zone;

import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of one region's agent as last checked.
 *
 * @param message          why the state is what it is, in words (null when healthy)
 * @param database         the agent's active database, e.g. "companyos_agent · PostgreSQL 15.18 · primary"
 * @param certificateNotAfter expiry of the certificate the agent presented in the TLS handshake
 * @param since            when the region entered {@code state}
 * @param localPid         pid of the agent process when this console launched it locally, else null
 * @param policyBundles    the policy bundles the agent enforces (empty when unknown)
 * @param bundleRejection  the last bundle the agent refused to activate, or null
 */
public record RegionStatus(RegionId region, Zone zone, String agentUrl, RegionState state, String message,
                           String version, Duration latency, String database, Instant certificateNotAfter,
                           Instant checkedAt, Instant since, Long localPid,
                           java.util.List<AgentHealth.Bundle> policyBundles, AgentHealth.BundleRejection bundleRejection) {

    public static RegionStatus unknown(Region region, Instant now) {
        return new RegionStatus(region.id(), region.zone(), region.agentUrl().toString(), RegionState.UNKNOWN,
                "Not checked yet", null, null, null, null, null, now, null, java.util.List.of(), null);
    }
}
