package com.companyos.agentapi.control;

import java.time.Instant;

/**
 * A residency proof bundle of the tenant's own region: READY to be built while it downloads, BUILDING (progress: {@code done} of
 * {@code total} receipts), then DELIVERED with the size and SHA-256 of what was sent, FAILED with the reason, or EXPIRED.
 */
public record ProofBundleJob(String jobId, String tenantId, String tenant, String status, int done, int total, Long size, String sha256,
                             String error, Instant createdAt, Instant finishedAt, String decisionId, String receiptId) {

    public boolean finished() {
        return "READY".equals(status) || "FAILED".equals(status) || "DELIVERED".equals(status) || "EXPIRED".equals(status);
    }
}
