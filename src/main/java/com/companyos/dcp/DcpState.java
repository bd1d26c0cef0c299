package com.companyos.dcp;

/** Where a Dedicated Compliance Partition is in its life. */
public enum DcpState {
    REQUESTED("Requested"),
    AWAITING_APPROVAL("Awaiting approval"),
    PROVISIONING("Provisioning"),
    ACTIVE("Active"),
    DEGRADED("Degraded"),
    FALLBACK("Emergency fallback"),
    DRAINING("Draining"),
    DELETED("Deleted"),
    FAILED("Failed");

    private final String label;

    DcpState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the partition's agents hold (or are about to hold) the tenant's data. */
    public boolean holdsData() {
        return this == PROVISIONING || this == ACTIVE || this == DEGRADED || this == FALLBACK || this == DRAINING;
    }

    /** Whether the partition serves the tenant's requests (routing points at it). */
    public boolean serving() {
        return this == ACTIVE || this == DEGRADED;
    }
}
