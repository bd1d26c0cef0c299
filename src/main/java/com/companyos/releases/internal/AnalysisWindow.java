package com.companyos.releases.internal;

import java.time.Instant;

/**
 * Everything one analysis window measured: the stable and the canary release's counters over the same interval (so
 * the canary is compared with what the stable did at the same time, not with a baseline from another hour), the
 * synthetic probes forced onto the canary, and the residency violations the canary caused.
 *
 * @param measurementError why the window could not be measured, or null when it was measured fine
 */
public record AnalysisWindow(Instant start, Instant end, ReleaseSample stable, ReleaseSample canary,
                             SyntheticResult synthetic, long canaryResidencyViolations, String measurementError) {
}
