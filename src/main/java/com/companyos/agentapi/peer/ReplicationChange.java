package com.companyos.agentapi.peer;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One change of a tenant, as shipped from its active region to its standby: a record written or deleted, or a tenant
 * API token granted or revoked (so the standby can serve the tenant's applications after a failover).
 *
 * @param seq       the tenant's change sequence number (gapless, in commit order)
 * @param epoch     the epoch under which the active region committed it
 * @param writtenAt when the active region committed it (the standby's lag in seconds is measured from this)
 */
public record ReplicationChange(long seq, long epoch, String op, String key, String classification, LocalDate retentionUntil,
                                String retentionPolicy, byte[] payload, String payloadSha256, String tokenId, String tokenSha256,
                                Instant writtenAt) {

    public static final String PUT = "PUT";
    public static final String DELETE = "DELETE";
    public static final String TOKEN_GRANT = "TOKEN_GRANT";
    public static final String TOKEN_REVOKE = "TOKEN_REVOKE";
}
