package com.companyos.agent.internal;

import com.companyos.base.Hashing;
import com.companyos.agent.db.tables.records.DecisionLogRecord;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static com.companyos.agent.db.Tables.DECISION_LOG;

/**
 * Chains the decision log. Each decision gets the next sequence number, the previous decision's hash, and its own hash
 * over both and every field, under one lock per region (a transaction-scoped advisory lock, so it holds across agent
 * replicas too). The governed writer seals its batch's decisions as it inserts them ({@link #lockHead}); decisions of
 * the other seams are written unsealed by concurrent operations and this sealer chains them in batches, in
 * decision-time order, every 200 ms.
 */
@Component
public class DecisionSealer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DecisionSealer.class);
    private static final long SEAL_LOCK = 0x6465_6369_7369_6f6eL;
    public static final String GENESIS = "0".repeat(64);

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "decision-sealer");
        t.setDaemon(true);
        return t;
    });

    DecisionSealer(DSLContext db, TransactionTemplate tx) {
        this.db = db;
        this.tx = tx;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        timer.scheduleWithFixedDelay(() -> {
            try {
                while (sealBatch() == 1000) {
                    // keep going while there is a backlog
                }
            } catch (RuntimeException e) {
                log.warn("Sealing the decision log failed; will retry: {}", e.getMessage());
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
    }

    /** The chain's last link. */
    public record Head(long seq, String hash) {
    }

    /**
     * Takes the sealing lock (held until the caller's transaction ends) and returns the chain's last link, after which
     * the caller inserts its decisions sealed.
     */
    static Head lockHead(java.sql.Connection c) throws java.sql.SQLException {
        try (var s = c.createStatement()) {
            s.execute("select pg_advisory_xact_lock(" + SEAL_LOCK + ")");
            try (var rs = s.executeQuery("select seq, hash from decision_log where seq is not null order by seq desc limit 1")) {
                return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : new Head(0, GENESIS);
            }
        }
    }

    /** Seals up to 1000 unsealed decisions; returns how many. */
    public int sealBatch() {
        Integer sealed = tx.execute(status -> {
            db.execute("select pg_advisory_xact_lock(" + SEAL_LOCK + ")");
            Record2<Long, String> head = db.select(DECISION_LOG.SEQ, DECISION_LOG.HASH).from(DECISION_LOG)
                    .where(DECISION_LOG.SEQ.isNotNull()).orderBy(DECISION_LOG.SEQ.desc()).limit(1).fetchOne();
            long seq = head == null ? 0 : head.value1();
            String prev = head == null ? GENESIS : head.value2();
            List<DecisionLogRecord> batch = db.selectFrom(DECISION_LOG).where(DECISION_LOG.SEQ.isNull())
                    .orderBy(DECISION_LOG.DECIDED_AT, DECISION_LOG.DECISION_ID).limit(1000).fetch();
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
            return batch.size();
        });
        return sealed == null ? 0 : sealed;
    }

    /** The hash of a sealed decision: over the previous hash, its sequence number and every recorded field. */
    public static String hash(String prev, long seq, DecisionLogRecord r) {
        return Hashing.chainLink(prev, Long.toString(seq), r.getDecisionId().toString(), r.getDecidedAt().toInstant().toString(),
                r.getTenantId() == null ? null : r.getTenantId().toString(), r.getTenantSlug(), r.getSeam(), r.getAction(),
                r.getPrincipal(), r.getResource(), r.getContext(), Boolean.toString(r.getAllowed()), r.getDeterminingPolicies(),
                r.getRationale(), r.getChannel(), r.getBundleVersion(), r.getBundleSha256());
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
