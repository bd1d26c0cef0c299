package com.companyos.releases;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One probe run as the release scorecard sees it.
 *
 * @param runId   the run's ID in the probes module
 * @param probe   the probe's name (e.g. {@code login}, {@code tenant-query})
 * @param release the release that served the run (a step of it)
 * @param status  {@code pass}, {@code degraded} (slower than its threshold), {@code fail}, or {@code probe_error} (the
 *                probe itself broke: says nothing about the release)
 * @param millis  how long the run took
 */
public record ProbeRunEvidence(UUID runId, String probe, String region, String release, String status, Instant at, long millis) {

    public static final Set<String> STATUSES = Set.of("pass", "degraded", "fail", "probe_error");

    public ProbeRunEvidence {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(at, "at");
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("A probe run's status is one of " + STATUSES + "; got " + status);
        }
    }
}
