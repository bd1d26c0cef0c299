package com.companyos.residency.internal;

import com.companyos.base.CurrentUser;
import com.companyos.base.NotFoundException;
import com.companyos.base.SignedInUser;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Which tenant's evidence a caller may read. Staff: any tenant (by slug) or all; a customer: only the active tenant
 * their account is bound to by ID, and only from the moment it was created, because evidence is kept by slug and a
 * slug can have belonged to an earlier, torn-down tenant. Any other slug is "not found", so slugs cannot be probed.
 */
@Component
public class TenantScopes {

    private final TenantService tenants;

    TenantScopes(TenantService tenants) {
        this.tenants = tenants;
    }

    /** What the caller may read about {@code tenant} (null: every tenant, staff only; a customer gets their own). */
    public Scope scope(String tenant) {
        SignedInUser user = CurrentUser.require();
        if (!user.customer()) {
            return new Scope(tenant, null);
        }
        Tenant own = tenants.boundTenant().orElseThrow(() -> new NotFoundException("Your account is not bound to an active tenant"));
        if (tenant != null && !tenant.equals(own.slug())) {
            throw new NotFoundException("No tenant '" + tenant + "'");
        }
        return new Scope(own.slug(), own);
    }

    /** A tenant slug (null: all tenants) and, for a customer, the tenant whose lifetime bounds the evidence. */
    public record Scope(String slug, Tenant since) {

        /** {@code from}, moved forward to the tenant's creation (its hour, for {@code hourly} figures) if earlier. */
        public Instant from(Instant from, boolean hourly) {
            return since == null ? from : since.evidenceFrom(from, hourly);
        }

        /** Whether something of this slug that happened {@code at} is this scope's tenant's. */
        public boolean covers(Instant at) {
            return since == null || !at.isBefore(since.evidenceSince(false));
        }
    }
}
