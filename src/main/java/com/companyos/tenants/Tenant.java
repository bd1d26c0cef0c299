package com.companyos.tenants;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant as the control plane records it. {@code activeRegion} serves it now (its primary, or its failover region
 * after a failover, then {@code failedOver}); {@code epoch} is the fencing token agents hold for it; {@code
 * replicationMode} is {@code ASYNC} or {@code SYNC}.
 */
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
        List<TenantResource> resources,
        long epoch,
        String replicationMode,
        boolean failedOver,
        boolean failoverWritesConfirmed) {

    /** Slugs reserved for the synthetic residency probe's canary tenants (one per zone). */
    public static final String SYNTHETIC_PREFIX = "probe-";
    /** The only actor that may create them. */
    public static final String SYNTHETIC_CREATOR = "system:residency-probe";

    /** A canary tenant of the synthetic residency probe, not a customer: left out of customer-facing figures. */
    public boolean synthetic() {
        return spec.slug().startsWith(SYNTHETIC_PREFIX);
    }

    /**
     * What the tenant's applications may do while it runs on its failover region: its failover operations, plus WRITE
     * once a compliance officer confirmed writes (or a drill's approvals did).
     */
    public String failoverOperations() {
        return failoverOperations(failoverWritesConfirmed);
    }

    /** The tenant's failover operations, comma-separated in name order, with WRITE added if {@code writesConfirmed}. */
    public String failoverOperations(boolean writesConfirmed) {
        java.util.TreeSet<String> ops = new java.util.TreeSet<>(spec.failoverAllowedOperations().stream().map(Enum::name).toList());
        if (writesConfirmed) {
            ops.add("WRITE");
        }
        return String.join(",", ops);
    }

    /**
     * Where this tenant's evidence starts in stores kept by slug (regions' receipts, decisions and hourly rollups): a
     * slug is only reused after its earlier tenant was torn down, so from this tenant's creation on, that slug's
     * evidence is this tenant's. Hourly figures start at the hour it was created ({@code hourly}).
     */
    public Instant evidenceSince(boolean hourly) {
        return hourly ? createdAt.truncatedTo(java.time.temporal.ChronoUnit.HOURS) : createdAt;
    }

    /** {@code from}, moved forward to {@link #evidenceSince} if it lies before the tenant existed. */
    public Instant evidenceFrom(Instant from, boolean hourly) {
        Instant since = evidenceSince(hourly);
        return from.isBefore(since) ? since : from;
    }

    /** The region that receives the active region's changes. */
    public String standbyRegion() {
        return activeRegion.equals(spec.primaryRegion().value()) ? spec.failoverRegion().value() : spec.primaryRegion().value();
    }

    public String slug() {
        return spec.slug();
    }

    public boolean active() {
        return "ACTIVE".equals(status);
    }
}
