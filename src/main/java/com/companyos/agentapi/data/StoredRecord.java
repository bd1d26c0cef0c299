package com.companyos.agentapi.data;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A record as stored in its region, with the decision and receipt of the operation that returned it. After a write:
 * its place in the tenant's replication stream ({@code seq} under {@code epoch}) and {@code replication}: {@code
 * "async"} (shipped to the standby shortly) or {@code "sync:<region>"} (the standby had it before this answer).
 */
public record StoredRecord(String key, String tenantId, String region, String classification, LocalDate retentionUntil,
                           String payloadSha256, Instant storedAt, String data, String decisionId, String receiptId,
                           Long seq, Long epoch, String replication) {
}
