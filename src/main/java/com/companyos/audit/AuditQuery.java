package com.companyos.audit;

import java.time.Instant;

/**
 * Filters for searching the audit log; any may be null. Text filters match case-insensitively anywhere in the field.
 *
 * @param from inclusive
 * @param to   exclusive
 */
public record AuditQuery(String actor, String action, String target, Instant from, Instant to) {

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null);
    }

    public AuditQuery {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("The start of the time range must be before its end");
        }
    }
}
