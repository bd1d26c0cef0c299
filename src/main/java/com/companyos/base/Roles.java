package com.companyos.base;

/**
 * Role names as compile-time constants for {@code @RolesAllowed}; each equals the {@link Role} constant's name.
 */
public final class Roles {
    public static final String PLATFORM_ADMIN = "PLATFORM_ADMIN";
    public static final String COMPLIANCE_OFFICER = "COMPLIANCE_OFFICER";
    public static final String OPERATOR = "OPERATOR";
    public static final String EXECUTIVE = "EXECUTIVE";
    public static final String CUSTOMER = "CUSTOMER";

    private Roles() {
    }
}
