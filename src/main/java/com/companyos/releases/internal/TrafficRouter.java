package com.companyos.releases.internal;

import com.companyos.agentapi.control.TrafficSplit;
import com.companyos.agentapi.control.TrafficState;
import com.companyos.regions.Region;

/**
 * Where a region's traffic split is applied and measured: the region agent's own data-path router in the embedded
 * default ({@link AgentTrafficRouter}), a Gateway API HTTPRoute's backend weights in production
 * ({@link GatewayApiTrafficRouter}, untested).
 */
public interface TrafficRouter {

    /** Applies {@code split} and answers the state in force afterwards (so an abort is confirmed, not assumed). */
    TrafficState apply(Region region, TrafficSplit split);

    /** The split in force and what each lane served under it. */
    TrafficState state(Region region);
}
