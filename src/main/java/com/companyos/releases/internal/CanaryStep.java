package com.companyos.releases.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * One step of a rollout.
 *
 * @param weightPercent    the canary's target share of the traffic, 1..100
 * @param minDuration      the step runs at least this long before it may advance
 * @param minRequests      the canary serves at least this many requests in the step before it may advance
 * @param maxInconclusive  how long past {@code minDuration} the step may go without being able to advance before
 *                         the rollout pauses for a person
 */
public record CanaryStep(int weightPercent, Duration minDuration, long minRequests, Duration maxInconclusive) {

    public CanaryStep {
        if (weightPercent < 1 || weightPercent > 100) {
            throw new IllegalArgumentException("weightPercent must be in 1..100, was " + weightPercent);
        }
        Objects.requireNonNull(minDuration, "minDuration");
        Objects.requireNonNull(maxInconclusive, "maxInconclusive");
        if (minDuration.isNegative() || maxInconclusive.isNegative() || minRequests < 0) {
            throw new IllegalArgumentException("a step's durations and minimum requests must not be negative");
        }
    }
}
