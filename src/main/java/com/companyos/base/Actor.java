package com.companyos.base;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is acting right now, for audit entries: the signed-in person's username, or {@value #SYSTEM} for scheduled
 * work and start-up.
 */
public final class Actor {

    public static final String SYSTEM = "system";

    private Actor() {
    }

    public static String current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || auth instanceof AnonymousAuthenticationToken || !auth.isAuthenticated()) {
            return SYSTEM;
        }
        return auth.getName();
    }
}
