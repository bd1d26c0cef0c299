package com.companyos.tenants;

import com.companyos.base.NotFoundException;
import com.companyos.base.Role;
import com.companyos.security.SystemActor;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The synthetic tenants the probes run as ({@value Tenant#SYNTHETIC_PREFIX}{@code <zone or region>}): ordinary,
 * not residency-locked tenants (so no approval), created by {@value Tenant#SYNTHETIC_CREATOR} on first use, whose
 * records are synthetic only. Their API tokens live only in this console's memory: a console that has none (after a
 * restart) or whose token was refused issues a new one and revokes the ones it replaces.
 */
@Component
public class SyntheticTenants {

    private static final SystemActor ACTOR = new SystemActor(Tenant.SYNTHETIC_CREATOR, Set.of(Role.OPERATOR));

    private final TenantService tenants;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    SyntheticTenants(TenantService tenants) {
        this.tenants = tenants;
    }

    /** What a synthetic tenant is: its slug (with the reserved prefix), where it lives, and why it exists. */
    public record Spec(String slug, String name, String zone, String primaryRegion, String failoverRegion, String classification,
                       String purpose) {
        public Spec {
            if (!slug.startsWith(Tenant.SYNTHETIC_PREFIX)) {
                throw new IllegalArgumentException("A synthetic tenant's slug starts with " + Tenant.SYNTHETIC_PREFIX + "; got " + slug);
            }
        }
    }

    /** The active synthetic tenant of {@code spec}, created on first use. */
    public Tenant ensure(Spec spec) {
        return ACTOR.run(() -> {
            try {
                Tenant existing = tenants.get(spec.slug());
                if (existing.active()) {
                    return existing;
                }
            } catch (NotFoundException absent) {
                // first use: create it below
            }
            tenants.create(new TenantRequest(spec.name(), spec.slug(),
                    List.of(new Contact("CompanyOS synthetic probe", "synthetic-probe@companyos.invalid", "synthetic")),
                    spec.zone(), false, spec.primaryRegion(), spec.failoverRegion(), List.of("READ"), spec.classification(), "none", false,
                    spec.purpose()));
            tokens.remove(spec.slug());
            return tenants.get(spec.slug());
        });
    }

    /**
     * This console's API token named {@code name} for a synthetic tenant; {@code renew} replaces it (the region refused
     * the one held). Issuing revokes every earlier live token of that name, so at most one exists per console restart.
     */
    public String token(String slug, String name, boolean renew) {
        if (!slug.startsWith(Tenant.SYNTHETIC_PREFIX)) {
            throw new IllegalArgumentException("Only synthetic tenants' tokens are held here; got " + slug);
        }
        String key = slug + "/" + name;
        if (renew) {
            tokens.remove(key);
        }
        return tokens.computeIfAbsent(key, k -> ACTOR.run(() -> {
            for (TenantToken t : tenants.tokens(slug)) {
                if (t.revokedAt() == null && name.equals(t.name())) {
                    tenants.revokeToken(slug, t.id());
                }
            }
            return tenants.issueToken(slug, name).token();
        }));
    }
}
