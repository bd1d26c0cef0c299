package com.companyos.probes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One run of a probe in one place (a region ID, or {@code console}): its outcome, how long it took, how many attempts
 * it used, the release(s) that served it, the console that ran it, and every step.
 */
public record ProbeRun(UUID id, String probe, String place, Instant startedAt, Instant finishedAt, ProbeStatus status, long millis,
                       int attempts, String release, String detail, List<ProbeStep> steps, String console) {
}
