package com.companyos.releases.internal;

import com.companyos.regions.AgentRelease;
import com.companyos.regions.Region;

/**
 * Where canary processes come from and how a region's stable agent is moved to a new release: local processes in the
 * embedded default ({@link LocalCanaryRuntime}), a Kubernetes Deployment per release in production
 * ({@link KubernetesCanaryRuntime}, untested).
 */
public interface CanaryRuntime {

    /** A running canary: its data API (where the router sends its share) and control API (health, counters). */
    record CanaryEndpoint(String dataUrl, String controlUrl) {
    }

    /**
     * Whether this console can run canaries: the embedded default's canaries are child processes of the console that
     * supervises the local agents, so another console (no local agents) leaves the rollouts to it.
     */
    default boolean operational() {
        return true;
    }

    /** Starts (or finds) the canary of {@code region} running {@code release}; the router authenticates with {@code forwardKey}. */
    CanaryEndpoint launch(Region region, AgentRelease release, String forwardKey);

    /** Whether the canary answers its health check as {@code release}, with its database reachable. */
    boolean ready(Region region, CanaryEndpoint endpoint, String release);

    /** Stops the region's canary, if any (after the router stopped sending it requests). */
    void stop(Region region);

    /** Moves the region's own agent onto its stable release as now recorded (a restart in the embedded default). */
    void restartStable(Region region);
}
