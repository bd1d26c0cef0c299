package com.companyos.agent.replication;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.store.Sql;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The outbox side of replication, on the write path: inside the change's own transaction, hands out the tenant's next
 * sequence numbers (only while this region is the tenant's confirmed ACTIVE region — the fencing check) and appends the
 * changes to the outbox. The row lock on the tenant's replication row serialises a tenant's writes from that statement
 * to commit, which is what makes sequence order equal commit order (the shipper never skips a number that commits
 * later). The governed writer takes it once per tenant per group commit; token grants and deletes one change at a time.
 */
@Component
public class ReplicationLog {

    // Takes the next n numbers only where this region may write now (agent migration V7): the confirmed ACTIVE region
    // and, while the tenant runs failed over, only for the operations allowed then. No row back = refused, nothing changed.
    private static final String NEXT = "select first_seq, epoch, mode from replication_reserve(?::uuid, ?::int, ?::text, ?)";
    private static final String OUTBOX = "insert into replication_outbox (tenant_id, seq, epoch, op, record_key, classification, "
            + "retention_until, retention_policy, payload, payload_sha256, token_id, token_sha256, written_at) "
            + "select * from unnest(?::uuid[], ?::int8[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::date[], ?::text[], ?::bytea[], "
            + "?::text[], ?::uuid[], ?::text[], ?::timestamptz[])";

    /** Where a change landed in the tenant's stream. */
    public record Appended(long seq, long epoch, boolean synchronous) {
    }

    /** One change to append (record fields for PUT/DELETE, token fields for grants and revocations). */
    public record Change(String op, String key, String classification, LocalDate retentionUntil, String retentionPolicy,
                         byte[] payload, String payloadSha256, UUID tokenId, String tokenSha256, OffsetDateTime writtenAt) {

        public static Change record(String op, String key, String classification, LocalDate until, String policy, byte[] payload,
                             String sha, OffsetDateTime at) {
            return new Change(op, key, classification, until, policy, payload, sha, null, null, at);
        }

        public static Change token(String op, UUID tokenId, String sha, OffsetDateTime at) {
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
     * @param operation what the change needs while the tenant is failed over ({@code WRITE}); null for none
     */
    public Appended append(Connection c, UUID tenant, String operation, Change change) throws SQLException {
        Sql.Pipeline statements = new Sql.Pipeline();
        Supplier<Reserved> reservation = reserve(statements, tenant, operation, 1, false);
        statements.run(c);
        Reserved reserved = reservation.get();
        if (reserved == null) {
            throw refusal(c, tenant, operation);
        }
        Sql.Columns row = new Sql.Columns(13, 1).row(0, tenant, reserved.first(), reserved.epoch(), change.op(), change.key(),
                change.classification(), change.retentionUntil(), change.retentionPolicy(), change.payload(), change.payloadSha256(),
                change.tokenId(), change.tokenSha256(), change.writtenAt());
        new Sql.Pipeline().update(OUTBOX, row).run(c);
        return new Appended(reserved.first(), reserved.epoch(), reserved.synchronous());
    }

    /** Sequence numbers taken for a tenant (the row lock that orders its stream is held until commit). */
    public record Reserved(long first, long epoch, boolean synchronous) {
    }

    /**
     * Adds taking the tenant's next {@code n} sequence numbers to {@code statements}; once they ran, the supplier
     * answers the numbers, or null when this region may not write for the tenant now ({@link #refusal} says why).
     * {@code strict}: a refusal fails the statements instead (SQLSTATE {@code CO409}), for a caller that sends what
     * depends on the numbers in the same round trip.
     */
    public Supplier<Reserved> reserve(Sql.Pipeline statements, UUID tenant, String operation, int n, boolean strict) {
        Reserved[] reserved = {null};
        statements.query(NEXT, rs -> reserved[0] = new Reserved(rs.getLong(1), rs.getLong(2), "SYNC".equals(rs.getString(3))),
                tenant, n, operation, strict);
        return () -> reserved[0];
    }

    /** Whether {@code e} is a strict {@link #reserve} refused: this region may not write for a tenant now. */
    public static boolean refused(SQLException e) {
        return "CO409".equals(e.getSQLState());
    }

    /** Why this region may not write for the tenant now (the reservation took no numbers). */
    public FencedException refusal(Connection c, UUID tenant, String operation) throws SQLException {
        try (var q = c.prepareStatement("select role, confirmed, epoch, failed_over, failover_ops from tenant_replication where tenant_id = ?")) {
            q.setObject(1, tenant);
            try (var rs = q.executeQuery()) {
                if (!rs.next()) {
                    return new FencedException("Tenant has no replication state in " + settings.region(), false, 0);
                }
                String role = rs.getString(1);
                long epoch = rs.getLong(3);
                if ("ACTIVE".equals(role) && rs.getBoolean(2)) {
                    return new FencedException("Tenant runs on its failover region " + settings.region() + ", where " + operation
                            + " is not allowed until a compliance officer confirms it (allowed now: " + rs.getString(5) + ")", false, epoch);
                }
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
