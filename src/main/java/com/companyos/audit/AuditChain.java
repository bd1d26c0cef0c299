package com.companyos.audit;

import com.companyos.base.Hashing;

import java.time.Instant;
import java.util.UUID;

/**
 * The chain's hash function: SHA-256 over the previous hash and every field of the entry, each field length-prefixed
 * so that no two different entries encode alike. Written down here once, used by both the writer and the verifier.
 */
public final class AuditChain {

    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    public static String hash(String prevHash, long seq, UUID entryId, Instant occurredAt, String actor, String action,
                              String target, String reason, UUID decisionId, String details) {
        return Hashing.chainLink(prevHash, Long.toString(seq), entryId.toString(), occurredAt.toString(), actor, action,
                target, reason, decisionId == null ? null : decisionId.toString(), details);
    }

    public static String hash(AuditEntry e) {
        return hash(e.prevHash(), e.seq(), e.entryId(), e.occurredAt(), e.actor(), e.action(), e.target(), e.reason(),
                e.decisionId(), e.details());
    }
}
