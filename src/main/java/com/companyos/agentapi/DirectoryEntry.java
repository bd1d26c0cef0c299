package com.companyos.agentapi;

/**
 * Where a tenant lives, as every agent is told (no governed data): residency and regions, and the data URL of the
 * region that serves it now. Lets an agent name the right region for a tenant that is not resident there.
 */
public record DirectoryEntry(String tenantId, String slug, String zone, boolean residencyLocked, String channel,
                             String primaryRegion, String failoverRegion, String activeRegion, String activeDataUrl) {
}
