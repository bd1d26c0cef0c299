package com.companyos.tenants;

import java.time.Instant;
import java.util.UUID;

/** A tenant API token as listed (never the token itself). */
public record TenantToken(UUID id, String name, String prefix, String createdBy, Instant createdAt, Instant revokedAt) {
}
