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

    /** Slugs reserved for the synthetic residency probe's canary tenants (one per zone). */
    public static final String SYNTHETIC_PREFIX = "probe-";
    /** The only actor that may create them. */
    public static final String SYNTHETIC_CREATOR = "system:residency-probe";

    /** A canary tenant of the synthetic residency probe, not a customer: left out of customer-facing figures. */
    public boolean synthetic() {
        return spec.slug().startsWith(SYNTHETIC_PREFIX);
    }

    public String slug() {
        return spec.slug();
    }

    public boolean active() {
        return "ACTIVE".equals(status);
    }
}
