package com.companyos.audit;

import java.time.Instant;
import java.util.UUID;

/** One appended entry as stored, with its place in the chain. */
public record AuditEntry(long seq, UUID entryId, Instant occurredAt, String actor, String action, String target,
                         String reason, UUID decisionId, String details, String prevHash, String hash) {
}
