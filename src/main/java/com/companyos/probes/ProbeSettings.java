package com.companyos.probes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Probes and paging ({@code companyos.probes.*}).
 *
 * @param scheduled      whether this console claims and runs due probes (off: probes run only when asked)
 * @param threads        probe runs at once on this console
 * @param firstRunWithin a probe created now first runs at a random time within this (spreads a fresh installation)
 * @param jitter         each next run is the interval ± this fraction of it, at random
 * @param platformOwner  the owner paged when a probe itself breaks (probe error)
 * @param consoleUrl     the console address the login probe signs in at, and pages link to; empty: this instance
 * @param oncallEmail    the person the built-in owners page until somebody edits them
 * @param oncallWebhook  the built-in owners' webhook until somebody edits them (empty: none)
 * @param mailFrom       the sender of paging emails
 * @param pageTimeout    one delivery attempt
 * @param maxAttempts    attempts before a page is given up (recorded as failed)
 * @param backoff        first retry delay, doubled per attempt up to {@code maxBackoff}
 * @param maxBackoff     the longest delay between attempts
 * @param retryPause     the pause before a failed probe attempt is retried
 * @param keepRuns       how long runs are kept
 * @param oidcUsername   with single sign-on on: the identity provider's synthetic account the login probe signs in as
 * @param oidcPassword   its password (from the environment, never the repository)
 */
@ConfigurationProperties("companyos.probes")
public record ProbeSettings(@DefaultValue("true") boolean scheduled, @DefaultValue("4") int threads,
                            @DefaultValue("2m") Duration firstRunWithin, @DefaultValue("0.1") double jitter,
                            @DefaultValue("platform") String platformOwner, @DefaultValue("") String consoleUrl,
                            @DefaultValue("oncall@localhost") String oncallEmail, @DefaultValue("") String oncallWebhook,
                            @DefaultValue("probes@companyos.invalid") String mailFrom,
                            @DefaultValue("5s") Duration pageTimeout, @DefaultValue("8") int maxAttempts,
                            @DefaultValue("2s") Duration backoff, @DefaultValue("5m") Duration maxBackoff,
                            @DefaultValue("1s") Duration retryPause, @DefaultValue("30d") Duration keepRuns,
                            @DefaultValue("") String oidcUsername, @DefaultValue("") String oidcPassword) {

    public ProbeSettings {
        if (threads < 1 || threads > 32) {
            throw new IllegalArgumentException("companyos.probes.threads is 1 to 32; got " + threads);
        }
        if (jitter < 0 || jitter > 0.5) {
            throw new IllegalArgumentException("companyos.probes.jitter is 0 to 0.5; got " + jitter);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("companyos.probes.max-attempts must be at least 1");
        }
    }
}
