package com.companyos.dr.internal;

import com.companyos.dr.FailoverKind;

import java.util.UUID;

/**
 * Who asked for a move of a tenant and under which authority. Its own type so that the executor, which acts on it, and
 * the repository, which records it, both depend on it rather than on each other.
 */
public record FailoverOrder(UUID tenantId, FailoverKind kind, boolean planned, boolean emergency, String reason, String requestedBy,
                            UUID approvalRequestId, String approvedBy, UUID drillId) {
}
