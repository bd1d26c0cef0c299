package com.companyos.base;

import java.util.Optional;
import java.util.Set;

/**
 * The person behind a session, whichever way they signed in (local account or OIDC). Every principal the console
 * creates implements this, so any module can ask who is signed in without knowing how they signed in.
 */
public interface SignedInUser {

    String username();

    String displayName();

    Set<Role> roles();

    /** The tenant a customer user is bound to; empty for staff. */
    Optional<String> tenantSlug();

    /** {@code local} or {@code oidc}. */
    String signInMethod();

    default boolean hasRole(Role role) {
        return roles().contains(role);
    }

    /** The role shown next to the name: the first in {@link Role}'s order. */
    default Role primaryRole() {
        return roles().stream().sorted().findFirst().orElseThrow();
    }
}
