package com.companyos.security;

import com.companyos.base.Role;
import com.companyos.base.SignedInUser;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import java.io.Serial;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** A person signed in through the identity provider; roles and tenant come from the ID token on every sign-in. */
public class OidcAccount extends DefaultOidcUser implements SignedInUser {

    @Serial
    private static final long serialVersionUID = 1L;

    private final Set<Role> roles;
    private final UUID tenantId;
    private final String tenant;

    public OidcAccount(Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken, OidcUserInfo userInfo,
                String nameAttribute, Set<Role> roles, UUID tenantId, String tenant) {
        super(authorities, idToken, userInfo, nameAttribute);
        this.roles = Set.copyOf(roles);
        this.tenantId = tenantId;
        this.tenant = tenant;
    }

    @Override
    public String username() {
        return getName();
    }

    @Override
    public String displayName() {
        String full = getFullName();
        return full == null || full.isBlank() ? getName() : full;
    }

    @Override
    public Set<Role> roles() {
        return roles;
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
        return "oidc";
    }
}
