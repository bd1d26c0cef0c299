package com.companyos.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One decision, complete enough to be read and re-checked later: which bundle decided (channel, version, sha256), the
 * question (principal, action, resource, context), the answer, and the policies that determined it with their
 * rationale. A denial with no determining policy means nothing permitted it (deny by default).
 */
public record PolicyDecision(
        UUID decisionId,
        Instant decidedAt,
        PolicyChannel channel,
        String bundleVersion,
        String bundleSha256,
        String principal,
        String action,
        String resource,
        Map<String, Object> context,
        boolean allowed,
        List<String> determiningPolicies,
        List<String> rationale) {

    /** The rationale in one sentence, for people: "Denied by residency-locked-placement: A residency-locked …". */
    public String explanation() {
        if (determiningPolicies.isEmpty()) {
            if (!rationale.isEmpty()) {
                return (allowed ? "Allowed: " : "Denied: ") + String.join(" ", rationale);
            }
            return allowed ? "Allowed." : "Denied: no policy permits this (deny by default).";
        }
        StringBuilder s = new StringBuilder(allowed ? "Allowed by " : "Denied by ");
        for (int i = 0; i < determiningPolicies.size(); i++) {
            if (i > 0) {
                s.append("; ");
            }
            s.append(determiningPolicies.get(i));
            String why = i < rationale.size() ? rationale.get(i) : null;
            if (why != null && !why.isBlank()) {
                s.append(": ").append(why);
            }
        }
        for (int i = determiningPolicies.size(); i < rationale.size(); i++) {
            s.append(" ").append(rationale.get(i));
        }
        return s.toString();
    }

    /** "standard 2026.11.1 (sha256 ab12cd34…)" */
    public String bundleLabel() {
        return channel.folder() + " " + bundleVersion + " (sha256 " + bundleSha256.substring(0, 12) + "…)";
    }
}
