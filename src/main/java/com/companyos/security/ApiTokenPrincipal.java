package com.companyos.security;

import com.companyos.base.Role;
import com.companyos.base.SignedInUser;

import java.io.Serial;
import java.io.Serializable;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A REST/CLI caller authenticated by a personal API token: acts as the token's owner with the roles it was issued with. */
public record ApiTokenPrincipal(String username, Set<Role> roles, UUID boundTenant, String tenant, String tokenPrefix)
        implements SignedInUser, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public String displayName() {
        return username;
    }

    @Override
    public Optional<String> tenantSlug() {
        return Optional.ofNullable(tenant);
    }

    @Override
    public Optional<UUID> tenantId() {
        return Optional.ofNullable(boundTenant);
    }

    @Override
    public String signInMethod() {
        return "api-token";
    }
}
