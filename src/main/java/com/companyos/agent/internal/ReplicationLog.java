package com.companyos.agent.internal;

import com.companyos.agent.AgentSettings;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * The outbox side of replication, on the write path: inside the change's own transaction, hands out the tenant's next
 * sequence number (only while this region is the tenant's confirmed ACTIVE region — the fencing check) and appends the
 * change to the outbox. The row lock on the tenant's replication row serialises a tenant's writes from this statement
 * to commit, which is what makes sequence order equal commit order (the shipper never skips a number that commits
 * later); it is taken last in the transaction so that lock is held only for the outbox insert and the commit.
 */
@Component
public class ReplicationLog {

    private static final String NEXT = "update tenant_replication set next_seq = next_seq + 1 "
            + "where tenant_id = ? and role = 'ACTIVE' and confirmed returning next_seq, epoch, mode, failed_over, failover_ops";
    private static final String OUTBOX = "insert into replication_outbox (tenant_id, seq, epoch, op, record_key, classification, "
            + "retention_until, retention_policy, payload, payload_sha256, token_id, token_sha256, written_at) "
            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Where a change landed in the tenant's stream. */
    public record Appended(long seq, long epoch, boolean synchronous) {
    }

    /** One change to append (record fields for PUT/DELETE, token fields for grants and revocations). */
    public record Change(String op, String key, String classification, LocalDate retentionUntil, String retentionPolicy,
                         byte[] payload, String payloadSha256, UUID tokenId, String tokenSha256, OffsetDateTime writtenAt) {

        static Change record(String op, String key, String classification, LocalDate until, String policy, byte[] payload,
                             String sha, OffsetDateTime at) {
            return new Change(op, key, classification, until, policy, payload, sha, null, null, at);
        }

        static Change token(String op, UUID tokenId, String sha, OffsetDateTime at) {
            return new Change(op, null, null, null, null, null, null, tokenId, sha, at);
        }
    }

    private final AgentSettings settings;

    ReplicationLog(AgentSettings settings) {
        this.settings = settings;
    }

    /**
     * Appends {@code change} for {@code tenant} on the caller's transaction connection. Throws {@link FencedException}
     * when this region may not write for the tenant now (the caller's transaction then rolls back, change and all).
     *
     * @param operation what the change needs while the tenant is failed over ({@code WRITE})
     */
    public Appended append(Connection c, UUID tenant, String operation, Change change) throws SQLException {
        long seq;
        long epoch;
        boolean sync;
        try (var next = c.prepareStatement(NEXT)) {
            next.setObject(1, tenant);
            try (var rs = next.executeQuery()) {
                if (!rs.next()) {
                    throw refusal(c, tenant);
                }
                seq = rs.getLong(1);
                epoch = rs.getLong(2);
                sync = "SYNC".equals(rs.getString(3));
                if (rs.getBoolean(4) && operation != null && !java.util.Arrays.asList(rs.getString(5).split(",")).contains(operation)) {
                    throw new FencedException("Tenant runs on its failover region " + settings.region() + ", where " + operation
                            + " is not allowed until a compliance officer confirms it (allowed now: " + rs.getString(5) + ")", false, epoch);
                }
            }
        }
        try (var out = c.prepareStatement(OUTBOX)) {
            out.setObject(1, tenant);
            out.setLong(2, seq);
            out.setLong(3, epoch);
            out.setString(4, change.op());
            out.setString(5, change.key());
            out.setString(6, change.classification());
            out.setObject(7, change.retentionUntil());
            out.setString(8, change.retentionPolicy());
            out.setBytes(9, change.payload());
            out.setString(10, change.payloadSha256());
            out.setObject(11, change.tokenId());
            out.setString(12, change.tokenSha256());
            out.setObject(13, change.writtenAt());
            out.executeUpdate();
        }
        return new Appended(seq, epoch, sync);
    }

    private FencedException refusal(Connection c, UUID tenant) throws SQLException {
        try (var q = c.prepareStatement("select role, confirmed, epoch from tenant_replication where tenant_id = ?")) {
            q.setObject(1, tenant);
            try (var rs = q.executeQuery()) {
                if (!rs.next()) {
                    return new FencedException("Tenant has no replication state in " + settings.region(), false, 0);
                }
                String role = rs.getString(1);
                long epoch = rs.getLong(3);
                if ("ACTIVE".equals(role)) {
                    return new FencedException(settings.region() + " restarted and is confirming with the control plane that it "
                            + "still serves this tenant (epoch " + epoch + "); retry in a moment", true, epoch);
                }
                return new FencedException(settings.region() + " is " + ("FENCED".equals(role) ? "fenced" : "the standby")
                        + " for this tenant (epoch " + epoch + "): writes go to the tenant's active region", false, epoch);
            }
        }
    }
}
