package com.companyos.approvals;

import com.companyos.base.cluster.ClusterEvent;

import java.util.UUID;

/**
 * Published after a request was submitted, voted on, decided, expired or executed (after commit), on every console
 * (a compliance officer's badge counts votes cast anywhere).
 */
public record ApprovalChanged(UUID requestId, String type, String subject, ApprovalStatus status) implements ClusterEvent {
}
