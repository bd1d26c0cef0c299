package com.companyos.base;

/**
 * Role names as compile-time constants for views' {@code @RolesAllowed} (each equals the {@link Role} constant's name),
 * and the method-security expressions services use.
 */
public final class Roles {
    public static final String PLATFORM_ADMIN = "PLATFORM_ADMIN";
    public static final String COMPLIANCE_OFFICER = "COMPLIANCE_OFFICER";
    public static final String OPERATOR = "OPERATOR";
    public static final String EXECUTIVE = "EXECUTIVE";
    public static final String CUSTOMER = "CUSTOMER";

    // Method-security expressions for services. Views declare @RolesAllowed (checked by Vaadin's navigation access
    // control); services declare @PreAuthorize with these. Services must not use @RolesAllowed: JSR-250 method
    // security would also proxy the Vaadin views that carry the same annotations.

    /** Every staff role (not customers). */
    public static final String ANY_STAFF = "hasAnyRole('PLATFORM_ADMIN','COMPLIANCE_OFFICER','OPERATOR','EXECUTIVE')";
    /** Who may read and verify the audit log. */
    public static final String AUDITORS = "hasAnyRole('PLATFORM_ADMIN','COMPLIANCE_OFFICER')";
    /** Who may operate infrastructure (restart agents, run drills). */
    public static final String OPERATORS = "hasAnyRole('PLATFORM_ADMIN','OPERATOR')";

    private Roles() {
    }
}
