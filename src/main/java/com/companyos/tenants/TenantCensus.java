package com.companyos.tenants;

import java.util.List;

/**
 * How many active customer tenants there are (the residency probe's canaries left out), per residency zone and lock,
 * with the DCP requests and the tenants running on their failover region. One small aggregate query.
 */
public record TenantCensus(List<ZoneCount> zones, int total, int locked, int dcpRequested, int failedOver) {

    /** Tenants of one zone, split by residency lock. */
    public record ZoneCount(String zone, int locked, int unlocked) {
        public int total() {
            return locked + unlocked;
        }
    }
}
