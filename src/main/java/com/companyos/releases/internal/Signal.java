package com.companyos.releases.internal;

/**
 * One signal's judgement of one window. A critical signal (synthetic probes, residency) guards a property that must
 * hold whatever the traffic looks like; the others compare the canary with the stable release.
 *
 * @param value     what was measured (a share, a ratio, a burn rate, a count); 0 where nothing could be measured
 * @param threshold the value above which the signal fails
 * @param detail    one English sentence with the numbers
 */
public record Signal(String name, boolean critical, SignalState state, double value, double threshold, String detail) {

    public boolean failed() {
        return state == SignalState.FAIL;
    }
}
