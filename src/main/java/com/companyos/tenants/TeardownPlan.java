package com.companyos.tenants;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The dry run of a teardown: everything that would be removed in each store, what blocks it (retention still
 * running, legal holds), the policy decision, and the approvals needed.
 */
public record TeardownPlan(
        UUID tenantId,
        String slug,
        List<Step> removals,
        long recordsUnderRetention,
        LocalDate retentionRunsUntil,
        boolean retentionVerified,
        List<LegalHold> activeLegalHolds,
        int approvalsRequired,
        boolean blocked,
        List<String> blockers,
        UUID decisionId,
        String decision) {

    /** One thing to remove: store, region, kind, id, and what it holds now. */
    public record Step(String store, String region, String kind, String id, String holds) {
    }

    /** The plan as text for approvers and the CLI. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append("Teardown plan for tenant ").append(slug).append(" (").append(tenantId).append(")\n\nWill remove:\n");
        for (Step step : removals) {
            s.append("  - [").append(step.store()).append("] ").append(step.region()).append(" ").append(step.kind())
                    .append(" ").append(step.id());
            if (step.holds() != null && !step.holds().isBlank()) {
                s.append(" (").append(step.holds()).append(")");
            }
            s.append('\n');
        }
        s.append("\nRetention: ");
        if (!retentionVerified) {
            s.append("could not be verified (the region's agent did not answer)\n");
        } else if (recordsUnderRetention == 0) {
            s.append("no record is under retention\n");
        } else {
            s.append(recordsUnderRetention).append(" record(s) under retention until ").append(retentionRunsUntil).append('\n');
        }
        s.append("Legal holds: ");
        if (activeLegalHolds.isEmpty()) {
            s.append("none\n");
        } else {
            s.append('\n');
            for (LegalHold h : activeLegalHolds) {
                s.append("  - placed by ").append(h.placedBy()).append(" on ").append(h.placedAt()).append(", until ")
                        .append(h.until() == null ? "released" : h.until()).append(": ").append(h.reason()).append('\n');
            }
        }
        s.append("Approvals needed: ").append(approvalsRequired).append(" compliance officers (not the requester)\n");
        s.append("Decision: ").append(decision).append(" [decision ").append(decisionId).append("]\n");
        if (blocked) {
            s.append("\nBLOCKED: nothing will be deleted.\n");
            blockers.forEach(b -> s.append("  - ").append(b).append('\n'));
        }
        return s.toString();
    }
}
