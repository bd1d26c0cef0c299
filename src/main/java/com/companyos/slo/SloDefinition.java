package com.companyos.slo;

import java.net.URI;
import java.time.Instant;

/**
 * A target's objectives: the share of governed requests answered without 5xx ({@code availabilityTarget}, default
 * 0.999), the share of governed writes answered within {@code latencyThresholdMillis} ({@code latencyTarget}, default
 * 0.95 within 50 ms: "p95 ≤ 50 ms"), both over {@code periodDays} (default 30). {@code webhookUrl} is where this
 * target's alerts go (null: the default URL of {@code companyos.slo.webhook.default-url}).
 */
public record SloDefinition(String targetKey, double availabilityTarget, long latencyThresholdMillis, double latencyTarget,
                            int periodDays, URI webhookUrl, String updatedBy, Instant updatedAt) {

    public static final double DEFAULT_AVAILABILITY = 0.999;
    public static final long DEFAULT_LATENCY_THRESHOLD_MILLIS = 50;
    public static final double DEFAULT_LATENCY = 0.95;
    public static final int DEFAULT_PERIOD_DAYS = 30;

    public SloDefinition {
        if (!(availabilityTarget > 0 && availabilityTarget < 1)) {
            throw new IllegalArgumentException("The availability objective must be between 0 and 100 % (exclusive); got "
                    + availabilityTarget * 100 + " %");
        }
        if (!(latencyTarget > 0 && latencyTarget < 1)) {
            throw new IllegalArgumentException("The latency objective must be between 0 and 100 % (exclusive); got "
                    + latencyTarget * 100 + " %");
        }
        WindowCounts.bucketIndex(latencyThresholdMillis);
        if (periodDays < 1 || periodDays > 90) {
            throw new IllegalArgumentException("The SLO period must be 1 to 90 days; got " + periodDays);
        }
        if (webhookUrl != null && !("https".equals(webhookUrl.getScheme()) || "http".equals(webhookUrl.getScheme()))) {
            throw new IllegalArgumentException("An alert webhook is an http(s) URL; got " + webhookUrl);
        }
        if (webhookUrl != null && (webhookUrl.getHost() == null || webhookUrl.getUserInfo() != null)) {
            throw new IllegalArgumentException("An alert webhook URL needs a host and no user info; got " + webhookUrl);
        }
    }

    public static SloDefinition defaults(String targetKey) {
        return new SloDefinition(targetKey, DEFAULT_AVAILABILITY, DEFAULT_LATENCY_THRESHOLD_MILLIS, DEFAULT_LATENCY,
                DEFAULT_PERIOD_DAYS, null, "default", null);
    }

    /** The objective of one SLI. */
    public double target(Sli sli) {
        return sli == Sli.AVAILABILITY ? availabilityTarget : latencyTarget;
    }
}
