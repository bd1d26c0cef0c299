package com.companyos.releases.internal;

/**
 * Synthetic probes forced onto the canary in one window. {@code runs == 0} means the probes did not run in this
 * window, which is neither a pass nor a failure.
 *
 * @param detail what the failing probes reported (free text, may be null)
 */
public record SyntheticResult(int runs, int failures, String detail) {

    public static SyntheticResult notRun() {
        return new SyntheticResult(0, 0, null);
    }
}
