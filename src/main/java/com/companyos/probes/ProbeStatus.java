package com.companyos.probes;

/**
 * How one probe run ended: the path worked ({@code PASS}), worked but slower than the probe's threshold
 * ({@code DEGRADED}), did not work ({@code FAIL}: the path's owner is paged), or the probe itself broke
 * ({@code PROBE_ERROR}: the platform owner is paged, not the path's owner).
 */
public enum ProbeStatus {
    PASS, DEGRADED, FAIL, PROBE_ERROR;

    /** The stored and displayed form: pass, degraded, fail, probe_error. */
    public String id() {
        return name().toLowerCase();
    }

    public static ProbeStatus of(String id) {
        return valueOf(id.toUpperCase());
    }

    /** The path worked (degraded counts: it answered correctly, only slowly). */
    public boolean passed() {
        return this == PASS || this == DEGRADED;
    }
}
