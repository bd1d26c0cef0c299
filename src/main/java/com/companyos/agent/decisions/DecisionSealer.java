package com.companyos.agent.decisions;

import com.companyos.agent.db.tables.records.DecisionLogRecord;
import com.companyos.agent.store.Sql;
import com.companyos.base.Hashing;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.function.Supplier;

import static com.companyos.agent.db.Tables.DECISION_LOG;

/**
 * Chains the decision log. Each decision gets the next sequence number, the previous decision's hash, and its own hash
 * over both and every field, under one lock per region (a transaction-scoped advisory lock, so it holds across agent
 * replicas too). The governed writer seals its batch's decisions as it inserts them ({@link #lockHead},
 * {@link #lockExpecting}); decisions of the other seams are written unsealed by concurrent operations, and
 * {@link #sealPending} chains them in batches, in decision-time order — called by the governed writer's thread between
 * its batches (every 200 ms), so within an agent only that one thread ever extends the chain and it always knows the
 * head, and no sealing transaction waits for a write batch's lock or the other way round.
 */
@Component
public class DecisionSealer {

    /** The advisory lock every writer of the chain holds while it extends it (agent processes sharing a database too). */
    public static final long SEAL_LOCK = 0x6465_6369_7369_6f6eL;
    public static final String GENESIS = "0".repeat(64);
    private static final int BATCH = 1000;

    private final DSLContext db;
    private final TransactionTemplate tx;

    DecisionSealer(DSLContext db, TransactionTemplate tx) {
        this.db = db;
        this.tx = tx;
    }

    /** The chain's last link. */
    public record Head(long seq, String hash) {
    }

    /**
     * Adds to {@code statements}: take the sealing lock (held until the caller's transaction ends), then read the
     * chain's last link — two statements, so the head is read with a snapshot taken after the lock was granted. The
     * returned supplier answers that head once the statements ran; the caller then inserts its decisions sealed.
     */
    public static Supplier<Head> lockHead(Sql.Pipeline statements) {
        Head[] last = {new Head(0, GENESIS)};
        statements.query("select pg_advisory_xact_lock(?)", rs -> { }, SEAL_LOCK)
                .query("select seq, hash from decision_log where seq is not null order by seq desc limit 1",
                        rs -> last[0] = new Head(rs.getLong(1), rs.getString(2)));
        return () -> last[0];
    }

    /**
     * Adds to {@code statements}: take the sealing lock, then fail the transaction (SQLSTATE {@code CO412}, see
     * {@link #moved}) unless the chain's last link is still {@code head} — for a caller that already knows the head it
     * wrote last and sends its sealed decisions in the same round trip.
     */
    public static void lockExpecting(Sql.Pipeline statements, Head head) {
        // One statement: the materialized CTE takes the lock before the check reads the head (a statement fewer for
        // every batch; per-statement executor work is a large part of the writer's database time, ADR 0006). The check
        // sees a head another process sealed while this one waited for the lock because decision_chain_expect is
        // VOLATILE: its query takes a fresh snapshot after the lock, not the statement's (it must never be declared
        // STABLE). lockHead keeps two statements for the same reason: a plain select would read the statement's snapshot.
        statements.query("with locked as materialized (select pg_advisory_xact_lock(?)) select decision_chain_expect(?, ?) from locked",
                rs -> { }, SEAL_LOCK, head.seq(), head.hash());
    }

    /** Whether {@code e} is {@link #lockExpecting}'s check failing: the chain moved. */
    public static boolean moved(java.sql.SQLException e) {
        return "CO412".equals(e.getSQLState());
    }

    /**
     * Seals every unsealed decision, up to {@value #BATCH} per transaction; returns the chain's new head, or null if
     * there was nothing to seal. A seal commits durably like everything else: a sequence number or hash once shown (in a
     * proof bundle, say) never changes.
     */
    public Head sealPending() {
        Head head = null;
        Sealed sealed;
        do {
            if (!db.fetchExists(DECISION_LOG, DECISION_LOG.SEQ.isNull())) {
                return head; // nothing to seal: no lock taken, no transaction
            }
            sealed = tx.execute(status -> sealBatch());
            if (sealed != null && sealed.count() > 0) {
                head = sealed.head();
            }
        } while (sealed != null && sealed.count() == BATCH);
        return head;
    }

    private record Sealed(int count, Head head) {
    }

    private Sealed sealBatch() {
        Head last = db.connectionResult(c -> {
            Sql.Pipeline statements = new Sql.Pipeline();
            Supplier<Head> head = lockHead(statements);
            statements.run(c);
            return head.get();
        });
        long seq = last.seq();
        String prev = last.hash();
        List<DecisionLogRecord> batch = db.selectFrom(DECISION_LOG).where(DECISION_LOG.SEQ.isNull())
                .orderBy(DECISION_LOG.DECIDED_AT, DECISION_LOG.DECISION_ID).limit(BATCH).fetch();
        List<org.jooq.Query> seals = new java.util.ArrayList<>(batch.size());
        for (DecisionLogRecord r : batch) {
            seq++;
            String hash = hash(prev, seq, r);
            seals.add(db.update(DECISION_LOG).set(DECISION_LOG.SEQ, seq).set(DECISION_LOG.PREV_HASH, prev).set(DECISION_LOG.HASH, hash)
                    .where(DECISION_LOG.DECISION_ID.eq(r.getDecisionId())));
            prev = hash;
        }
        if (!seals.isEmpty()) {
            db.batch(seals).execute(); // one round trip per batch, same statements
        }
        return new Sealed(batch.size(), new Head(seq, prev));
    }

    /** The hash of a sealed decision: over the previous hash, its sequence number and every recorded field. */
    public static String hash(String prev, long seq, DecisionLogRecord r) {
        return Hashing.chainLink(prev, Long.toString(seq), r.getDecisionId().toString(), r.getDecidedAt().toInstant().toString(),
                r.getTenantId() == null ? null : r.getTenantId().toString(), r.getTenantSlug(), r.getSeam(), r.getAction(),
                r.getPrincipal(), r.getResource(), r.getContext(), Boolean.toString(r.getAllowed()), r.getDeterminingPolicies(),
                r.getRationale(), r.getChannel(), r.getBundleVersion(), r.getBundleSha256());
    }
}
