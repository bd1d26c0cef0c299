package com.companyos.security.internal;

import com.companyos.base.ActiveTenants;
import com.companyos.base.Role;
import com.companyos.security.OidcAccount;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Maps an OIDC sign-in to a console account: the {@code roles} claim (the identity provider's realm roles) to
 * {@link Role}s, and the {@code tenant} claim to a customer's tenant (bound by ID to the tenant holding that slug at
 * sign-in). Refuses the sign-in, with a reason the login page
 * shows, when the person holds no CompanyOS role, when a customer has no tenant, or when one account mixes the
 * customer role with staff roles (tenant isolation must be unambiguous).
 */
public class OidcAccountMapper implements OAuth2UserService<OidcUserRequest, OidcUser> {

    public static final String ROLES_CLAIM = "roles";
    public static final String TENANT_CLAIM = "tenant";

    private final OidcUserService delegate = new OidcUserService();
    private final ActiveTenants tenants;

    public OidcAccountMapper(ActiveTenants tenants) {
        this.tenants = tenants;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = delegate.loadUser(request);
        String who = user.getPreferredUsername() == null ? user.getSubject() : user.getPreferredUsername();
        List<String> claimed = user.getClaimAsStringList(ROLES_CLAIM);
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (claimed != null) {
            claimed.forEach(name -> Role.fromOidcName(name).ifPresent(roles::add));
        }
        if (roles.isEmpty()) {
            throw refuse("no_role", who + " has no CompanyOS role. Ask your administrator to grant one.");
        }
        String tenant = null;
        UUID tenantId = null;
        if (roles.contains(Role.CUSTOMER)) {
            if (roles.size() > 1) {
                throw refuse("mixed_roles", who + " holds the customer role together with staff roles; an account is either a customer's or staff.");
            }
            tenant = user.getClaimAsString(TENANT_CLAIM);
            if (tenant == null || !tenant.matches("[a-z0-9][a-z0-9-]{1,62}")) {
                throw refuse("no_tenant", who + " is a customer user but is not bound to a tenant (claim 'tenant').");
            }
            String claimedTenant = tenant;
            tenantId = tenants.activeId(tenant).orElseThrow(() -> refuse("unknown_tenant",
                    who + " is a customer of tenant '" + claimedTenant + "', which does not exist (or was torn down)."));
        }
        String nameAttribute = request.getClientRegistration().getProviderDetails().getUserInfoEndpoint()
                .getUserNameAttributeName();
        return new OidcAccount(roles.stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList(),
                user.getIdToken(), user.getUserInfo(), nameAttribute == null || nameAttribute.isBlank() ? "preferred_username" : nameAttribute, roles, tenantId, tenant);
    }

    private static OAuth2AuthenticationException refuse(String code, String message) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, message, null), message);
    }
}
