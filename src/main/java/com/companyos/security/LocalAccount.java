package com.companyos.security;

import com.companyos.base.Role;
import com.companyos.base.SignedInUser;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import java.io.Serial;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A local account as Spring Security sees it (embedded default). The password hash is erased once authentication
 * succeeds, so it never sits in a session.
 */
public final class LocalAccount implements UserDetails, CredentialsContainer, SignedInUser {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String username;
    private final String displayName;
    private final Role role;
    private final UUID tenantId;
    private final String tenant;
    private final boolean enabled;
    private String passwordHash;

    public LocalAccount(String username, String displayName, Role role, UUID tenantId, String tenant, String passwordHash,
                        boolean enabled) {
        this.username = username;
        this.displayName = displayName;
        this.role = role;
        this.tenantId = tenantId;
        this.tenant = tenant;
        this.passwordHash = passwordHash;
        this.enabled = enabled;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(role.authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public String username() {
        return username;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public Set<Role> roles() {
        return Set.of(role);
    }

    @Override
    public Optional<String> tenantSlug() {
        return Optional.ofNullable(tenant);
    }

    @Override
    public Optional<UUID> tenantId() {
        return Optional.ofNullable(tenantId);
    }

    @Override
    public String signInMethod() {
        return "local";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalAccount other && username.equals(other.username);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username);
    }

    @Override
    public String toString() {
        return "LocalAccount[" + username + ", " + role + "]";
    }
}
