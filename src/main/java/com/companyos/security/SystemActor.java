package com.companyos.security;

import com.companyos.base.Role;
import com.companyos.base.SignedInUser;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A named piece of the platform acting on its own (e.g. {@code system:residency-probe}), with the roles it needs and
 * no more. Scheduled work runs through {@link #run} so it passes the same server-side authorization as people do, and
 * the audit log names it. Never used for a request from outside.
 */
public record SystemActor(String username, Set<Role> roles) implements SignedInUser, java.security.Principal {

    public SystemActor {
        if (!username.startsWith("system:")) {
            throw new IllegalArgumentException("System actors are named system:<what>, got " + username);
        }
        roles = Set.copyOf(roles);
    }

    /** The name authentication tokens report (and so the audit log's actor). */
    @Override
    public String getName() {
        return username;
    }

    @Override
    public String displayName() {
        return username;
    }

    @Override
    public Optional<String> tenantSlug() {
        return Optional.empty();
    }

    @Override
    public Optional<java.util.UUID> tenantId() {
        return Optional.empty();
    }

    @Override
    public String signInMethod() {
        return "system";
    }

    /** Runs {@code work} as this actor on the current (non-UI) thread, then restores whatever was there. */
    public <T> T run(Supplier<T> work) {
        SecurityContext previous = SecurityContextHolder.getContext();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(this, null,
                roles.stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList()));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }
}
