package com.companyos.probes;

/**
 * One step of a probe attempt: what was done, how long it took, whether it did what it must, which release served
 * it (the {@code X-Release} of a region's answer, or the console's build for console paths; null when nothing
 * answered), and what happened.
 */
public record ProbeStep(int attempt, String name, long millis, boolean ok, String release, String detail) {
}
