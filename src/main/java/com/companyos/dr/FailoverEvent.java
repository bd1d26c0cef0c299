package com.companyos.dr;

import java.time.Instant;
import java.util.UUID;

/** One failover or failback as recorded: who, why, under which approval, which epochs, where the new epoch began. */
public record FailoverEvent(UUID id, UUID tenantId, String tenantSlug, FailoverKind kind, boolean planned, boolean emergency,
                            String fromRegion, String toRegion, long epochFrom, long epochTo, Long promotedAtSeq, String status,
                            String reason, String requestedBy, UUID approvalRequestId, String approvedBy, UUID drillId,
                            UUID decisionId, String detail, Instant startedAt, Instant finishedAt, boolean reviewRequired,
                            String reviewedBy, Instant reviewedAt) {
}
