package com.companyos.regions;

/**
 * Which release each region's agent runs (the releases module keeps it). The local supervisor asks before it starts a
 * region's agent, so a restarted console brings each region back on its stable release, not on whatever it was built as.
 */
public interface AgentReleases {

    AgentRelease stable(com.companyos.base.RegionId region);
}
