package com.companyos.releases;

import java.time.Instant;
import java.util.List;

/**
 * The probe runs a release served: what the release scorecard's {@code synthetic-green} gate judges besides the canary
 * analysis' own synthetic probes. Implemented by the probes module (which owns the runs); releases asks for it through
 * an {@code ObjectProvider}, so without an implementation, or without runs in the period, that input is not run — never
 * a pass.
 */
public interface ReleaseProbeRuns {

    /**
     * Every probe run in {@code region} between {@code from} and {@code to} (inclusive) in which {@code version} served
     * at least one step, oldest first.
     */
    List<ProbeRunEvidence> servedBy(String region, String version, Instant from, Instant to);

    /**
     * The synthetic tenants whose requests in {@code region} a rollout sends to the canary whatever its weight, so the
     * probes' runs during the canary are served by the release (they hold synthetic data only).
     */
    default List<String> canaryTenants(String region) {
        return List.of();
    }

    /**
     * Runs the region's critical-path probes now (their tenant is sent to the canary, so the runs are the canary's)
     * and returns the runs: for gates judged before any scheduled run reached the release.
     */
    default List<ProbeRunEvidence> runNow(String region) {
        return List.of();
    }
}
