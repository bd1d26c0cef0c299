package com.companyos.agent.decisions;

import com.companyos.agent.db.tables.records.DecisionLogRecord;
import com.companyos.agentapi.control.ChainCheck;
import com.companyos.agentapi.control.DecisionBucket;
import com.companyos.agentapi.control.DecisionRecord;
import com.companyos.agentapi.control.DecisionRollup;
import com.companyos.agentapi.data.SignedReceipt;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.agent.db.Tables.DECISION_LOG;
import static com.companyos.agent.db.Tables.RECEIPT;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;

/** Reading this region's evidence: receipts, decisions, summaries over time, and the decision chain's integrity. */
@Service
public class EvidenceQueries {

    private final DSLContext db;

    EvidenceQueries(DSLContext db) {
        this.db = db;
    }

    @Transactional(readOnly = true)
    public Optional<SignedReceipt> receipt(UUID id) {
        return db.selectFrom(RECEIPT).where(RECEIPT.RECEIPT_ID.eq(id)).fetchOptional()
                .map(r -> new SignedReceipt(r.getReceiptId().toString(), r.getBody(), r.getSignature(), r.getKeyId()));
    }

    @Transactional(readOnly = true)
    public List<DecisionBucket> summary(Instant from, Instant to, String tenant) {
        var hour = field("date_trunc('hour', {0})", java.time.OffsetDateTime.class, DECISION_LOG.DECIDED_AT);
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
        var hour = field("date_trunc('hour', {0})", java.time.OffsetDateTime.class, DECISION_LOG.DECIDED_AT);
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

    /** Walks the sealed chain from the first decision in one snapshot; reports the first broken link. */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public ChainCheck verifyChain() {
        long unsealed = db.fetchCount(DECISION_LOG, DECISION_LOG.SEQ.isNull());
        String prev = DecisionSealer.GENESIS;
        long expected = 1;
        long after = 0;
        while (true) {
            List<DecisionLogRecord> page = db.selectFrom(DECISION_LOG).where(DECISION_LOG.SEQ.gt(after)).orderBy(DECISION_LOG.SEQ)
                    .limit(1000).fetch();
            for (DecisionLogRecord r : page) {
                String problem = null;
                if (r.getSeq() != expected) {
                    problem = "decision #" + expected + " is missing";
                } else if (!prev.equals(r.getPrevHash())) {
                    problem = "decision #" + r.getSeq() + " does not link to the one before it";
                } else if (!DecisionSealer.hash(prev, r.getSeq(), r).equals(r.getHash())) {
                    problem = "decision #" + r.getSeq() + " was altered after it was sealed";
                }
                if (problem != null) {
                    return new ChainCheck(false, expected - 1, unsealed, expected, problem);
                }
                prev = r.getHash();
                expected++;
                after = r.getSeq();
            }
            if (page.size() < 1000) {
                return new ChainCheck(true, expected - 1, unsealed, -1, null);
            }
        }
    }

    private static DecisionRecord decision(Record r) {
        DecisionLogRecord d = r.into(DECISION_LOG);
        UUID receipt = r.get(RECEIPT.RECEIPT_ID);
        return new DecisionRecord(d.getDecisionId().toString(), d.getDecidedAt().toInstant(), d.getTenantSlug(), d.getSeam(), d.getAction(),
                d.getPrincipal(), d.getResource(), d.getContext(), d.getAllowed(), d.getDeterminingPolicies(), d.getRationale(),
                d.getChannel(), d.getBundleVersion(), d.getBundleSha256(), d.getSeq(), d.getHash(),
                receipt == null ? null : receipt.toString());
    }

    /** Receipts of a tenant in a period, oldest first (for proof bundles). */
    @Transactional(readOnly = true)
    public List<SignedReceipt> receipts(String tenant, Instant from, Instant to) {
        return db.selectFrom(RECEIPT).where(RECEIPT.TENANT_SLUG.eq(tenant).and(RECEIPT.ISSUED_AT.ge(from.atOffset(ZoneOffset.UTC)))
                        .and(RECEIPT.ISSUED_AT.lt(to.atOffset(ZoneOffset.UTC)))).orderBy(RECEIPT.ISSUED_AT, RECEIPT.RECEIPT_ID).fetch()
                .map(r -> new SignedReceipt(r.getReceiptId().toString(), r.getBody(), r.getSignature(), r.getKeyId()));
    }

    /** Counts per seam for one outcome (proof-bundle summaries). */
    static Map<String, Long> bySeam(List<DecisionBucket> buckets, boolean allowed) {
        Map<String, Long> m = new LinkedHashMap<>();
        buckets.stream().filter(b -> b.allowed() == allowed).forEach(b -> m.merge(b.seam(), b.count(), Long::sum));
        return m;
    }
}
