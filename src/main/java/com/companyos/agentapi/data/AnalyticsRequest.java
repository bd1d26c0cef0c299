package com.companyos.agentapi.data;

/**
 * An analytics query over a tenant's records: {@code aggregate} true for counts per classification (what may cross
 * zones, where policy allows), false for rows (key, classification, retention); {@code resultZone} is where the
 * results are going (default: this region's zone).
 */
public record AnalyticsRequest(Boolean aggregate, String resultZone) {
}
