package com.companyos.dr.internal;

import com.companyos.base.RegionId;

/**
 * How a drill takes a region's agent down for real and brings it back. The embedded default kills the local agent
 * process with SIGKILL ({@link LocalProcessOutage}); a production deployment supplies its own implementation (e.g.
 * scaling the regional agent deployment to zero, or a chaos tool's API) — untested here.
 */
public interface RegionOutage {

    /** Whether this implementation can take {@code region} down. */
    boolean supports(RegionId region);

    /** Takes the region's agent down abruptly (no graceful shutdown). */
    void kill(RegionId region);

    /** Brings it back (it restarts fenced and is made the standby by the control plane). */
    void restore(RegionId region);
}
