package com.companyos.releases;

import com.companyos.releases.internal.CanaryStep;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A canary rollout of {@code version} in one region, replacing {@code fromVersion}: its steps (weight, minimum duration
 * and requests each), the step it is at and since when, and how it ended. {@code abortToStableMillis} is the measured
 * time from the abort verdict until the region's router confirmed that every request goes to the stable release.
 */
public record Rollout(UUID id, String region, String version, String fromVersion, RolloutState state, List<CanaryStep> steps,
                      int stepIndex, Instant stepStartedAt, String canaryDataUrl, String startedBy, String reason,
                      Instant startedAt, Instant endedAt, String endReason, Long abortToStableMillis) {

    public CanaryStep step() {
        return steps.get(Math.min(stepIndex, steps.size() - 1));
    }

    /** The weight the canary has now (0 once the rollout ended, unless it was promoted). */
    public double weight() {
        if (state == RolloutState.PROMOTED) {
            return 100;
        }
        return state.finished() ? 0 : step().weightPercent();
    }
}
