package com.companyos.approvals;

import java.time.Instant;

/** One compliance officer's decision on a request. */
public record ApprovalVote(String voter, boolean approve, String reason, Instant votedAt) {
}
