package com.companyos.tenants;

import java.time.Instant;
import java.util.UUID;

/** A legal hold on a tenant's data: who placed it, why, until when (null: until released). */
public record LegalHold(UUID id, String tenantSlug, String placedBy, String reason, Instant placedAt, Instant until,
                        Instant releasedAt, UUID releasedByRequest) {

    public boolean activeAt(Instant now) {
        return releasedAt == null && (until == null || until.isAfter(now));
    }
}
