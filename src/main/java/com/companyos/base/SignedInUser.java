package com.companyos.base;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The person behind a session, whichever way they signed in (local account or OIDC). Every principal the console
 * creates implements this, so any module can ask who is signed in without knowing how they signed in.
 */
public interface SignedInUser {

    String username();

    String displayName();

    Set<Role> roles();

    /**
     * The slug of the tenant a customer user is bound to (as it was when they were bound; for display); empty for staff.
     * Access is never decided by the slug, which a later tenant can take: see {@link #tenantId()}.
     */
    Optional<String> tenantSlug();

    /**
     * The ID of the tenant a customer user is bound to: what every access check compares. Empty for staff, and for a
     * customer whose tenant does not exist (yet), who therefore sees no tenant at all.
     */
    Optional<UUID> tenantId();

    /** {@code local} or {@code oidc}. */
    String signInMethod();

    default boolean hasRole(Role role) {
        return roles().contains(role);
    }

    /** A customer user: holds the customer role only (sign-in never mixes it with staff roles). */
    default boolean customer() {
        return roles().stream().allMatch(r -> r == Role.CUSTOMER);
    }

    /** The role shown next to the name: the first in {@link Role}'s order. */
    default Role primaryRole() {
        return roles().stream().sorted().findFirst().orElseThrow();
    }
}
