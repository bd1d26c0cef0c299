package com.companyos.slo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * SLO sampling and alerting ({@code companyos.slo.*}).
 *
 * @param enabled        sample targets and evaluate alerts
 * @param sampleInterval how often each target's counters are read (default 30 s; tests 1 s)
 * @param windowScale    every SLO window (alert windows, the SLO period, the view's windows) is multiplied by this:
 *                       1 in production; tests set e.g. {@code 0.01} so the fast-burn rule's "1 h and 5 min" are 36 s
 *                       and 3 s. A scaled window shorter than two sample intervals is lengthened to two intervals
 * @param retention      samples older than this are deleted (default 35 days, a little over the longest period)
 * @param webhook        where alerts are sent
 */
@ConfigurationProperties("companyos.slo")
public record SloSettings(@DefaultValue("true") boolean enabled, @DefaultValue("30s") Duration sampleInterval,
                          @DefaultValue("1") double windowScale, @DefaultValue("35d") Duration retention,
                          @DefaultValue Webhook webhook) {

    public SloSettings {
        if (!(windowScale > 0 && windowScale <= 1)) {
            throw new IllegalArgumentException("companyos.slo.window-scale must be in (0, 1]; got " + windowScale);
        }
        if (sampleInterval.isNegative() || sampleInterval.isZero()) {
            throw new IllegalArgumentException("companyos.slo.sample-interval must be positive; got " + sampleInterval);
        }
    }

    /**
     * The outbound alert channel.
     *
     * @param defaultUrl  where alerts go for a target without its own URL (none: alerts are shown and audited, and
     *                    their delivery is recorded as failed "no webhook configured")
     * @param format      {@code pagerduty} (PagerDuty Events API v2, default) or {@code alertmanager} (Alertmanager's
     *                    webhook payload, version 4)
     * @param routingKey  PagerDuty's integration key ({@code routing_key}); from the environment, never the repository
     * @param timeout     per attempt
     * @param maxAttempts attempts before a delivery is given up (recorded as failed)
     * @param backoff     the first retry's delay, doubled per attempt up to {@code maxBackoff}
     * @param maxBackoff  the longest delay between attempts
     * @param consoleUrl  the console's address, linked from the alert
     */
    public record Webhook(URI defaultUrl, @DefaultValue("pagerduty") String format, @DefaultValue("") String routingKey,
                          @DefaultValue("5s") Duration timeout, @DefaultValue("8") int maxAttempts,
                          @DefaultValue("2s") Duration backoff, @DefaultValue("5m") Duration maxBackoff,
                          @DefaultValue("http://localhost:8080") String consoleUrl) {

        public Webhook {
            if (!"pagerduty".equals(format) && !"alertmanager".equals(format)) {
                throw new IllegalArgumentException("companyos.slo.webhook.format is pagerduty or alertmanager; got " + format);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("companyos.slo.webhook.max-attempts must be at least 1");
            }
        }
    }

    /** A nominal window as this installation runs it (scaled, at least two sample intervals). */
    public Duration scaled(Duration nominal) {
        long millis = Math.round(nominal.toMillis() * windowScale);
        return Duration.ofMillis(Math.max(millis, 2 * sampleInterval.toMillis()));
    }
}
