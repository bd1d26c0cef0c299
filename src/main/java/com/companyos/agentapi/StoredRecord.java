package com.companyos.agentapi;

import java.time.Instant;
import java.time.LocalDate;

/** A record as stored in its region, with the decision and receipt of the operation that returned it. */
public record StoredRecord(String key, String tenantId, String region, String classification, LocalDate retentionUntil,
                           String payloadSha256, Instant storedAt, String data, String decisionId, String receiptId) {
}
