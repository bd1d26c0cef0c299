package com.companyos.base;

import java.util.Optional;
import java.util.UUID;

/**
 * Which tenant holds a slug now. Sign-in binds a customer named by slug (an identity provider's {@code tenant} claim)
 * to the tenant that holds it at that moment, by ID; a later tenant with the same slug is a different tenant.
 * Implemented by the tenants module.
 */
public interface ActiveTenants {

    /** The ID of the active tenant with {@code slug}, if there is one. */
    Optional<UUID> activeId(String slug);
}
