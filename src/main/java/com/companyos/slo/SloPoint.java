package com.companyos.slo;

import java.time.Duration;
import java.time.Instant;

/** One step of a target's series (the view's charts): the counts of ({@code at}, {@code at + step}]. */
public record SloPoint(Instant at, Duration step, WindowCounts counts) {

    public double requestRate() {
        return counts.requests() / Math.max(1e-3, step.toMillis() / 1000.0);
    }
}
