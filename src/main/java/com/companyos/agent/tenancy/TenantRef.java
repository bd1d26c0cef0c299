package com.companyos.agent.tenancy;

import java.util.UUID;

/**
 * A tenant as this agent knows it when deciding: its residency, and whether this region serves it ({@code resident}:
 * it has a namespace here and is the tenant's active region; then {@code schema} is its namespace here) or, if not,
 * which region serves it ({@code activeRegion}, {@code dataUrl}; {@code partition}: the slug when that is the tenant's
 * Dedicated Compliance Partition). {@code standbyRegion}/{@code standbyControlUrl} name
 * where the active region ships its changes, under {@code epoch}.
 */
public record TenantRef(UUID id, String slug, String zone, boolean residencyLocked, String channel, boolean resident,
                        String schema, String primaryRegion, String failoverRegion, String activeRegion, String dataUrl,
                        long epoch, String standbyRegion, String standbyControlUrl, String partition) {
}
