package com.companyos.tenants.internal;

import java.util.List;

/** The roles every new tenant gets, for the tenant's own users and applications. */
final class TenantRoles {

    static final List<String> DEFAULTS = List.of("tenant-admin", "tenant-reader", "tenant-writer");

    private TenantRoles() {
    }

    static String permissions(String role) {
        return switch (role) {
            case "tenant-admin" -> "records:read,records:write,records:delete,tokens:manage,reports:read";
            case "tenant-writer" -> "records:read,records:write";
            case "tenant-reader" -> "records:read,reports:read";
            default -> throw new IllegalArgumentException("Unknown tenant role " + role);
        };
    }
}
