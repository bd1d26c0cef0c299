package com.companyos.audit;

import com.companyos.base.Actor;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An entry to append: who did what to which target, why, under which policy decision, with optional details.
 * Action names are lower-case, dot-separated, past tense or noun.verb (e.g. {@code auth.sign-in},
 * {@code region.down}).
 */
public record AuditEvent(String actor, String action, String target, String reason, UUID decisionId,
                         Map<String, Object> details) {

    public AuditEvent {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("An audit entry needs an actor");
        }
        if (action == null || !action.matches("[a-z][a-z0-9-]*(\\.[a-z0-9-]+)+")) {
            throw new IllegalArgumentException("'" + action + "' is not an audit action name (e.g. tenant.created)");
        }
        actor = actor.length() > 200 ? actor.substring(0, 200) : actor;
        details = details == null ? Map.of() : new TreeMap<>(details);
    }

    /** An entry by whoever is acting now (the signed-in person, or {@code system}). */
    public static AuditEvent of(String action, String target) {
        return new AuditEvent(Actor.current(), action, target, null, null, Map.of());
    }

    public static AuditEvent by(String actor, String action, String target) {
        return new AuditEvent(actor, action, target, null, null, Map.of());
    }

    public AuditEvent reason(String reason) {
        return new AuditEvent(actor, action, target, reason, decisionId, details);
    }

    public AuditEvent decision(UUID decisionId) {
        return new AuditEvent(actor, action, target, reason, decisionId, details);
    }

    public AuditEvent detail(String key, Object value) {
        Map<String, Object> more = new TreeMap<>(details);
        more.put(key, value);
        return new AuditEvent(actor, action, target, reason, decisionId, more);
    }
}
