package com.companyos.approvals;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A request for a change that needs two-person control, with its votes and, once executed, the result.
 *
 * @param payload what the handler executes (JSON), exactly as submitted
 * @param preview what will happen, for the people who approve it
 */
public record ApprovalRequest(
        UUID id,
        String type,
        String subject,
        String payload,
        String preview,
        String reason,
        String requestedBy,
        Instant requestedAt,
        Instant expiresAt,
        int requiredApprovals,
        ApprovalStatus status,
        Instant decidedAt,
        int executionAttempts,
        Instant executedAt,
        String executionResult,
        String executionError,
        List<ApprovalVote> votes) {

    public long approvals() {
        return votes.stream().filter(ApprovalVote::approve).count();
    }

    public List<String> approvers() {
        return votes.stream().filter(ApprovalVote::approve).map(ApprovalVote::voter).toList();
    }

    public boolean hasVoted(String user) {
        return votes.stream().anyMatch(v -> v.voter().equals(user));
    }

    /** Whether {@code user} (a compliance officer) may still vote on it now. */
    public boolean votableBy(String user, Instant now) {
        return status == ApprovalStatus.PENDING && expiresAt.isAfter(now) && !requestedBy.equals(user) && !hasVoted(user);
    }
}
