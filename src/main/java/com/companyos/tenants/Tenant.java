package com.companyos.tenants;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant as the control plane records it. */
public record Tenant(
        UUID id,
        TenantSpec spec,
        String activeRegion,
        String status,
        Instant createdAt,
        String createdBy,
        UUID approvalRequestId,
        String manifest,
        String manifestSha256,
        Instant tornDownAt,
        List<TenantResource> resources) {

    public String slug() {
        return spec.slug();
    }

    public boolean active() {
        return "ACTIVE".equals(status);
    }
}
