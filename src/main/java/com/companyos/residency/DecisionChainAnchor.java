package com.companyos.residency;

import java.time.Instant;

/**
 * A region's signed anchor of its decision chain head, as the console keeps it (its signature was checked with the
 * region's signing certificate before it was stored).
 */
public record DecisionChainAnchor(String region, long seq, String headHash, Instant anchoredAt, String keyId, Instant collectedAt) {
}
