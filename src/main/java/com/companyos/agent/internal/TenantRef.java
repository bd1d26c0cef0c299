package com.companyos.agent.internal;

import java.util.UUID;

/**
 * A tenant as this agent knows it when deciding: its residency, and whether it is resident in this region (then
 * {@code schema} is its namespace here) or, if not, which region serves it ({@code activeRegion}, {@code dataUrl}).
 */
public record TenantRef(UUID id, String slug, String zone, boolean residencyLocked, String channel, boolean resident,
                        String schema, String primaryRegion, String failoverRegion, String activeRegion, String dataUrl) {
}
