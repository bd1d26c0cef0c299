package com.companyos.regions;

/** What the console currently knows of a region's agent. */
public enum RegionState {
    /** Not checked yet. */
    UNKNOWN("Checking", false),
    /** A locally launched agent process is running but does not answer yet. */
    STARTING("Starting", false),
    /** Answers over mutual TLS with the expected identity and reaches its database. */
    HEALTHY("Healthy", true),
    /** Answers, but reports that its regional database is unreachable. */
    DEGRADED("Degraded", false),
    /** Does not answer: process down, network, or timeout. */
    UNREACHABLE("Unreachable", false),
    /** Answered with a certificate the console refuses (wrong identity, unknown CA, expired). */
    UNTRUSTED("Untrusted", false);

    private final String label;
    private final boolean up;

    RegionState(String label, boolean up) {
        this.label = label;
        this.up = up;
    }

    public String label() {
        return label;
    }

    public boolean isUp() {
        return up;
    }
}
