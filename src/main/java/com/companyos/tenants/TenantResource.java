package com.companyos.tenants;

import java.time.Instant;

/** Something created for a tenant in one store and region, with its ID there. */
public record TenantResource(String store, String region, String kind, String id, Instant createdAt, Instant removedAt) {
}
