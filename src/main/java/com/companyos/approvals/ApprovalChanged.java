package com.companyos.approvals;

import java.util.UUID;

/** Published after a request was submitted, voted on, decided, expired or executed (after commit). */
public record ApprovalChanged(UUID requestId, String type, String subject, ApprovalStatus status) {
}
