package com.companyos.support;

import com.companyos.base.Role;
import com.companyos.security.LocalAccount;
import com.companyos.tenants.Tenant;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.UUID;
import java.util.function.Supplier;

/** Runs code as a signed-in person (for calling services directly in integration tests), on the current thread. */
public final class As {

    private As() {
    }

    public static <T> T user(String username, Role role, Supplier<T> action) {
        return user(username, role, role == Role.CUSTOMER ? UUID.randomUUID() : null, role == Role.CUSTOMER ? "acme-eu" : null, action);
    }

    /** A customer user bound to {@code tenant} (by its ID, as sign-in binds them). */
    public static <T> T customer(Tenant tenant, Supplier<T> action) {
        return user("customer-of-" + tenant.slug(), Role.CUSTOMER, tenant.id(), tenant.slug(), action);
    }

    /** A customer user bound to a tenant that is not (or no longer) the one holding {@code slug}. */
    public static <T> T customer(String slug, Supplier<T> action) {
        return user("customer-of-" + slug, Role.CUSTOMER, UUID.randomUUID(), slug, action);
    }

    private static <T> T user(String username, Role role, UUID tenantId, String tenant, Supplier<T> action) {
        SecurityContext previous = SecurityContextHolder.getContext();
        LocalAccount principal = new LocalAccount(username, username, role, tenantId, tenant, null, true);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new UsernamePasswordAuthenticationToken(principal, null, principal.getAuthorities()));
        SecurityContextHolder.setContext(context);
        try {
            return action.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    public static void user(String username, Role role, Runnable action) {
        user(username, role, () -> {
            action.run();
            return null;
        });
    }

    public static <T> T operator(Supplier<T> action) {
        return user("operator", Role.OPERATOR, action);
    }

    public static <T> T officer(String username, Supplier<T> action) {
        return user(username, Role.COMPLIANCE_OFFICER, action);
    }
}
