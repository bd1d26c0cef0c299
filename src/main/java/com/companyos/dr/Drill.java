package com.companyos.dr;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A DR drill as recorded: targets, what it measured (RPO from data, RTO from the kill to the first successful write on
 * the promoted region), its steps with timestamps, and whether its signed report is ready.
 */
public record Drill(UUID id, UUID tenantId, String tenantSlug, String status, String requestedBy, UUID approvalRequestId,
                    String approvedBy, boolean failBack, double targetRpoSeconds, double targetRtoSeconds, String primaryRegion,
                    String standbyRegion, String progress, Long rpoRecords, Double rpoSeconds, Double rtoSeconds, Boolean passed,
                    boolean reportReady, String error, Instant createdAt, Instant startedAt, Instant finishedAt, List<Step> steps) {

    /** One step of a drill, with its start and end. */
    public record Step(int no, String name, Instant startedAt, Instant finishedAt, String detail) {
        public Double seconds() {
            return finishedAt == null ? null : (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
        }
    }

    public boolean finished() {
        return finishedAt != null;
    }
}
