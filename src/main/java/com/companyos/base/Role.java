package com.companyos.base;

import java.util.Arrays;
import java.util.Optional;

/**
 * The roles a person holds in the console. Spring Security authorities are {@code ROLE_<name>}; the string constants
 * in {@link Roles} are for annotations such as {@code @RolesAllowed}.
 */
public enum Role {
    PLATFORM_ADMIN("Platform admin", "platform_admin"),
    COMPLIANCE_OFFICER("Compliance officer", "compliance_officer"),
    OPERATOR("Operator", "operator"),
    EXECUTIVE("Executive", "executive"),
    CUSTOMER("Customer", "customer");

    private final String displayName;
    private final String oidcName;

    Role(String displayName, String oidcName) {
        this.displayName = displayName;
        this.oidcName = oidcName;
    }

    public String displayName() {
        return displayName;
    }

    /** The realm role name in the identity provider (Keycloak). */
    public String oidcName() {
        return oidcName;
    }

    public String authority() {
        return "ROLE_" + name();
    }

    public static Optional<Role> fromAuthority(String authority) {
        return Arrays.stream(values()).filter(r -> r.authority().equals(authority)).findFirst();
    }

    public static Optional<Role> fromOidcName(String name) {
        return Arrays.stream(values()).filter(r -> r.oidcName.equals(name)).findFirst();
    }
}
