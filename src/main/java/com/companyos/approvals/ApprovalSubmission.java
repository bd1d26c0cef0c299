package com.companyos.approvals;

/**
 * What a module asks two-person control for.
 *
 * @param type    the handler's type, e.g. {@code tenant.create}
 * @param subject what it is about, e.g. {@code tenant:acme-eu}; one open request per type and subject
 * @param payload JSON the handler executes
 * @param preview what will happen, in words (shown to approvers)
 * @param reason  why, in the requester's words (required)
 */
public record ApprovalSubmission(String type, String subject, String payload, String preview, String reason) {
}
