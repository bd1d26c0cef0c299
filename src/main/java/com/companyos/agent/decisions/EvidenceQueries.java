package com.companyos.agent.decisions;

import com.companyos.agent.db.tables.records.DecisionLogRecord;
import com.companyos.agentapi.control.ChainCheck;
import com.companyos.agentapi.control.DecisionBucket;
import com.companyos.agentapi.control.DecisionRecord;
import com.companyos.agentapi.control.DecisionRollup;
import com.companyos.agentapi.data.SignedReceipt;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record4;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

import static com.companyos.agent.db.Tables.DECISION_LOG;
import static com.companyos.agent.db.Tables.RECEIPT;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;

/** Reading this region's evidence: receipts, decisions, summaries over time, and the decision chain's integrity. */
@Service
public class EvidenceQueries {

    /** Rows per round trip of a receipt cursor: about 1 MB of receipts in the agent's memory at a time. */
    static final int CURSOR_ROWS = 1000;

    private final DSLContext db;
    private final DataSource dataSource;

    EvidenceQueries(DSLContext db, DataSource dataSource) {
        this.db = db;
        this.dataSource = dataSource;
    }

    @Transactional(readOnly = true)
    public Optional<SignedReceipt> receipt(UUID id) {
        return db.selectFrom(RECEIPT).where(RECEIPT.RECEIPT_ID.eq(id)).fetchOptional()
                .map(r -> new SignedReceipt(r.getReceiptId().toString(), r.getBody(), r.getSignature(), r.getKeyId()));
    }

    @Transactional(readOnly = true)
    public List<DecisionBucket> summary(Instant from, Instant to, String tenant) {
        var hour = field("date_trunc('hour', {0})", OffsetDateTime.class, DECISION_LOG.DECIDED_AT);
        var where = DECISION_LOG.DECIDED_AT.ge(from.atOffset(ZoneOffset.UTC)).and(DECISION_LOG.DECIDED_AT.lt(to.atOffset(ZoneOffset.UTC)));
        if (tenant != null) {
            where = where.and(DECISION_LOG.TENANT_SLUG.eq(tenant));
        }
        return db.select(hour, DECISION_LOG.SEAM, DECISION_LOG.ALLOWED, count()).from(DECISION_LOG).where(where)
                .groupBy(hour, DECISION_LOG.SEAM, DECISION_LOG.ALLOWED).orderBy(hour).fetch()
                .map(r -> new DecisionBucket(r.value1().toInstant(), r.value2(), r.value3(), r.value4()));
    }

    /**
     * Counts of the sealed decisions with sequence numbers in (afterSeq, afterSeq + limit], read by sequence number
     * (the chain's own index), so each delta costs what it counts, never the whole log. Only sealed decisions count:
     * their sequence numbers are final, so a console that stores the upper bound with its counts never counts one twice.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public DecisionRollup rollup(long afterSeq, int limit) {
        if (afterSeq < 0 || limit < 1) {
            throw new IllegalArgumentException("afterSeq must be >= 0 and limit >= 1");
        }
        Long head = db.select(DSL.max(DECISION_LOG.SEQ)).from(DECISION_LOG).fetchOne(0, Long.class);
        long headSeq = head == null ? 0 : head;
        String chainStart = db.select(DECISION_LOG.HASH).from(DECISION_LOG).where(DECISION_LOG.SEQ.eq(1L)).fetchOne(DECISION_LOG.HASH);
        long upTo = Math.max(afterSeq, Math.min(headSeq, afterSeq + Math.min(limit, 200_000)));
        var hour = field("date_trunc('hour', {0})", OffsetDateTime.class, DECISION_LOG.DECIDED_AT);
        List<DecisionRollup.Bucket> buckets = upTo <= afterSeq ? List.of()
                : db.select(hour, DECISION_LOG.TENANT_SLUG, DECISION_LOG.SEAM, DECISION_LOG.ALLOWED, count()).from(DECISION_LOG)
                .where(DECISION_LOG.SEQ.gt(afterSeq).and(DECISION_LOG.SEQ.le(upTo)))
                .groupBy(hour, DECISION_LOG.TENANT_SLUG, DECISION_LOG.SEAM, DECISION_LOG.ALLOWED).fetch()
                .map(r -> new DecisionRollup.Bucket(r.value1().toInstant(), r.value2(), r.value3(), r.value4(), r.value5()));
        return new DecisionRollup(afterSeq, upTo, headSeq, chainStart, buckets);
    }

    @Transactional(readOnly = true)
    public List<DecisionRecord> decisions(Instant from, Instant to, Boolean allowed, String tenant, int limit) {
        var where = DECISION_LOG.DECIDED_AT.ge(from.atOffset(ZoneOffset.UTC)).and(DECISION_LOG.DECIDED_AT.lt(to.atOffset(ZoneOffset.UTC)));
        if (allowed != null) {
            where = where.and(DECISION_LOG.ALLOWED.eq(allowed));
        }
        if (tenant != null) {
            where = where.and(DECISION_LOG.TENANT_SLUG.eq(tenant));
        }
        return db.select(DECISION_LOG.asterisk(), RECEIPT.RECEIPT_ID).from(DECISION_LOG)
                .leftJoin(RECEIPT).on(RECEIPT.DECISION_ID.eq(DECISION_LOG.DECISION_ID))
                .where(where).orderBy(DECISION_LOG.DECIDED_AT.desc()).limit(Math.min(limit, 1000)).fetch(EvidenceQueries::decision);
    }

    @Transactional(readOnly = true)
    public Optional<DecisionRecord> decision(UUID id) {
        return db.select(DECISION_LOG.asterisk(), RECEIPT.RECEIPT_ID).from(DECISION_LOG)
                .leftJoin(RECEIPT).on(RECEIPT.DECISION_ID.eq(DECISION_LOG.DECISION_ID))
                .where(DECISION_LOG.DECISION_ID.eq(id)).fetchOptional(EvidenceQueries::decision);
    }

    /**
     * Walks the sealed chain from the first decision in one snapshot, in keyset-paged reads (constant memory however
     * long the chain), and reports the first broken link; with an anchor ({@code anchorSeq} > 0) the chain must also
     * still reach the anchored decision and carry the anchored hash there (else it was truncated or rewritten).
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public ChainCheck verifyChain(long anchorSeq, String anchorHash) {
        if (anchorSeq < 0 || (anchorSeq > 0 && (anchorHash == null || !anchorHash.matches("[0-9a-f]{64}")))) {
            throw new IllegalArgumentException("An anchor is a sequence number >= 1 and the 64 hex digits of its hash");
        }
        long unsealed = db.fetchCount(DECISION_LOG, DECISION_LOG.SEQ.isNull());
        DecisionChainWalk walk = new DecisionChainWalk(1, DecisionSealer.GENESIS, anchorSeq, anchorHash).run(db);
        return new ChainCheck(walk.intact(), walk.headSeq(), unsealed, walk.brokenAt(), walk.problem(), anchorSeq);
    }

    private static DecisionRecord decision(Record r) {
        DecisionLogRecord d = r.into(DECISION_LOG);
        UUID receipt = r.get(RECEIPT.RECEIPT_ID);
        return new DecisionRecord(d.getDecisionId().toString(), d.getDecidedAt().toInstant(), d.getTenantSlug(), d.getSeam(), d.getAction(),
                d.getPrincipal(), d.getResource(), d.getContext(), d.getAllowed(), d.getDeterminingPolicies(), d.getRationale(),
                d.getChannel(), d.getBundleVersion(), d.getBundleSha256(), d.getSeq(), d.getHash(),
                receipt == null ? null : receipt.toString());
    }

    /** How many receipts a tenant has in [from, to) (an index-only count: a proof bundle's expected size). */
    @Transactional(readOnly = true)
    public int receiptCount(String tenant, Instant from, Instant to) {
        return db.fetchCount(RECEIPT, RECEIPT.TENANT_SLUG.eq(tenant).and(RECEIPT.ISSUED_AT.ge(from.atOffset(ZoneOffset.UTC)))
                .and(RECEIPT.ISSUED_AT.lt(to.atOffset(ZoneOffset.UTC))));
    }

    /** What a proof bundle is given, one receipt at a time: the UTC hour it was issued in and the receipt as signed. */
    @FunctionalInterface
    public interface ReceiptSink {
        void accept(Instant hour, SignedReceipt receipt) throws IOException;
    }

    /**
     * Streams a tenant's receipts of [from, to) hour by hour, each hour in receipt-ID order (the order of the Trust
     * Report's hour roots), through server-side cursors: one connection of its own, autocommit off (PostgreSQL keeps
     * a cursor only inside a transaction), one read-only REPEATABLE READ snapshot for every hour, and
     * {@link #CURSOR_ROWS} rows per round trip — so memory stays flat however many receipts the period holds.
     * Returns how many receipts it streamed.
     */
    public long streamReceipts(String tenant, Instant from, Instant to, ReceiptSink sink) throws IOException {
        var hour = field("date_trunc('hour', {0}, 'UTC')", OffsetDateTime.class, RECEIPT.ISSUED_AT);
        var period = RECEIPT.TENANT_SLUG.eq(tenant).and(RECEIPT.ISSUED_AT.ge(from.atOffset(ZoneOffset.UTC)))
                .and(RECEIPT.ISSUED_AT.lt(to.atOffset(ZoneOffset.UTC)));
        long streamed = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                DSLContext snapshot = DSL.using(c, SQLDialect.POSTGRES);
                List<OffsetDateTime> hours = snapshot.selectDistinct(hour).from(RECEIPT).where(period).orderBy(hour).fetch(hour);
                for (OffsetDateTime h : hours) {
                    Instant start = h.toInstant();
                    try (Cursor<Record4<UUID, String, String, String>> cursor = snapshot
                            .select(RECEIPT.RECEIPT_ID, RECEIPT.BODY, RECEIPT.SIGNATURE, RECEIPT.KEY_ID).from(RECEIPT)
                            .where(period.and(RECEIPT.ISSUED_AT.ge(h)).and(RECEIPT.ISSUED_AT.lt(h.plusHours(1))))
                            .orderBy(RECEIPT.RECEIPT_ID).fetchSize(CURSOR_ROWS).fetchLazy()) {
                        for (Record4<UUID, String, String, String> r : cursor) {
                            sink.accept(start, new SignedReceipt(r.value1().toString(), r.value2(), r.value3(), r.value4()));
                            streamed++;
                        }
                    }
                }
                c.commit();
            } catch (IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("Reading receipts for a proof bundle failed: " + e.getMessage(), e);
        }
        return streamed;
    }

    /** Counts per seam for one outcome (proof-bundle summaries). */
    static Map<String, Long> bySeam(List<DecisionBucket> buckets, boolean allowed) {
        Map<String, Long> m = new LinkedHashMap<>();
        buckets.stream().filter(b -> b.allowed() == allowed).forEach(b -> m.merge(b.seam(), b.count(), Long::sum));
        return m;
    }
}
