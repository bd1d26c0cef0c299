package com.companyos.agentapi.control;

import java.time.Instant;

/**
 * A residency proof bundle being built in (staged in) the tenant's own region: progress ({@code done} of
 * {@code total} receipts), and when finished the bundle's size and SHA-256.
 */
public record ProofBundleJob(String jobId, String tenantId, String tenant, String status, int done, int total, Long size, String sha256,
                             String error, Instant createdAt, Instant finishedAt, String decisionId, String receiptId) {

    public boolean finished() {
        return "READY".equals(status) || "FAILED".equals(status) || "DELIVERED".equals(status);
    }
}
