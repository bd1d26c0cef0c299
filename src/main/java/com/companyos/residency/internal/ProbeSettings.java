package com.companyos.residency.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The synthetic cross-region probe ({@code companyos.residency.probe.*}): whether it is scheduled, how often, and how
 * long after the first start (regions need a moment to come up and receive their policy bundles).
 */
@ConfigurationProperties("companyos.residency.probe")
public record ProbeSettings(Boolean enabled, Duration interval, Duration initialDelay) {

    public ProbeSettings {
        enabled = enabled == null || enabled;
        interval = interval == null ? Duration.ofMinutes(5) : interval;
        initialDelay = initialDelay == null ? Duration.ofMinutes(1) : initialDelay;
    }
}
