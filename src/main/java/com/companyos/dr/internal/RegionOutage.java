package com.companyos.dr.internal;

import com.companyos.base.RegionId;

/**
 * How a drill takes a region's agent down for real and brings it back. The embedded default kills the local agent
 * process with SIGKILL ({@link LocalProcessOutage}: only on the console that launched the agents); on Kubernetes the
 * region's agent StatefulSet is scaled to zero and its pods force-deleted ({@link KubernetesStatefulSetOutage},
 * untested here), which works from any console. A drill runs on a console with an implementation that supports its
 * primary region ({@link DrillLauncher}).
 */
public interface RegionOutage {

    /** Whether this implementation can take {@code region} down. */
    boolean supports(RegionId region);

    /** Takes the region's agent down abruptly (no graceful shutdown). */
    void kill(RegionId region);

    /** Brings it back (it restarts fenced and is made the standby by the control plane). */
    void restore(RegionId region);
}
