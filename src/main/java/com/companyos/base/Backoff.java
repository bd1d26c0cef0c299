package com.companyos.base;

import java.time.Duration;

/**
 * Retry delays that double: {@code first} after the first failed attempt, twice that after the second, … never more
 * than {@code max} (outboxes that deliver to receivers which may be down for a while).
 */
public record Backoff(Duration first, Duration max) {

    /** The delay after the n-th failed attempt: first × 2^(n−1), at most max. */
    public Duration after(int failedAttempts) {
        Duration d = first.multipliedBy(1L << Math.min(20, Math.max(0, failedAttempts - 1)));
        return d.compareTo(max) > 0 ? max : d;
    }
}
