package com.companyos.residency;

import com.companyos.agentapi.control.DecisionBucket;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decisions of a period by seam, outcome and region (hourly), gathered from every region and from the console's own
 * routing decisions. A region that could not be asked is listed in {@code unavailable} with the reason, never
 * silently left out of the totals.
 */
public record ResidencyOverview(Instant from, Instant to, String tenant, Map<String, List<DecisionBucket>> byRegion,
                                Map<String, String> unavailable) {

    /** Allowed (or denied) decisions per seam over all regions. */
    public Map<String, Long> totals(boolean allowed) {
        Map<String, Long> m = new java.util.TreeMap<>();
        byRegion.values().forEach(list -> list.stream().filter(b -> b.allowed() == allowed)
                .forEach(b -> m.merge(b.seam(), b.count(), Long::sum)));
        return m;
    }

    public long total(boolean allowed) {
        return totals(allowed).values().stream().mapToLong(Long::longValue).sum();
    }
}
