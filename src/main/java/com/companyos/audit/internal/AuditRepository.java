package com.companyos.audit.internal;

import com.companyos.audit.AuditEntry;
import com.companyos.audit.AuditQuery;
import com.companyos.db.tables.records.AuditLogRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.springframework.stereotype.Repository;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static com.companyos.db.Tables.AUDIT_LOG;
import static org.jooq.impl.DSL.noCondition;

/** jOOQ access to {@code audit_log}. The table refuses UPDATE and DELETE itself; this class only inserts and reads. */
@Repository
public class AuditRepository {

    /** Advisory lock key that serialises appends, so each entry links to the one committed before it. */
    private static final long CHAIN_LOCK = 0x617564_69745f6cL;

    private final DSLContext db;

    public AuditRepository(DSLContext db) {
        this.db = db;
    }

    /**
     * Takes the chain lock for the rest of the current transaction and returns the last entry's seq and hash.
     * Must be called inside a transaction.
     */
    public Optional<Record2<Long, String>> lockAndReadHead() {
        db.execute("select pg_advisory_xact_lock(" + CHAIN_LOCK + ")");
        return db.select(AUDIT_LOG.SEQ, AUDIT_LOG.HASH).from(AUDIT_LOG).orderBy(AUDIT_LOG.SEQ.desc()).limit(1).fetchOptional();
    }

    public void insert(AuditEntry e) {
        AuditLogRecord r = db.newRecord(AUDIT_LOG);
        r.setSeq(e.seq());
        r.setEntryId(e.entryId());
        r.setOccurredAt(e.occurredAt().atOffset(ZoneOffset.UTC));
        r.setActor(e.actor());
        r.setAction(e.action());
        r.setTarget(e.target());
        r.setReason(e.reason());
        r.setDecisionId(e.decisionId());
        r.setDetails(e.details());
        r.setPrevHash(e.prevHash());
        r.setHash(e.hash());
        r.insert();
    }

    public List<AuditEntry> search(AuditQuery q, int offset, int limit) {
        return db.selectFrom(AUDIT_LOG).where(conditions(q)).orderBy(AUDIT_LOG.SEQ.desc())
                .offset(offset).limit(limit).fetch(AuditRepository::toEntry);
    }

    public int count(AuditQuery q) {
        return db.fetchCount(AUDIT_LOG, conditions(q));
    }

    /** Streams matching entries oldest first; the caller must close the stream. */
    public Stream<AuditEntry> stream(AuditQuery q) {
        return db.selectFrom(AUDIT_LOG).where(conditions(q)).orderBy(AUDIT_LOG.SEQ.asc()).fetchSize(500)
                .fetchStream().map(AuditRepository::toEntry);
    }

    /** Entries per read when walking the chain: what a walk holds in memory at most, however long the chain. */
    public static final int PAGE = 1000;

    /** How a walk read the chain: in how many reads, and the most entries one read returned. */
    public record Reads(long pages, int largestPage) {
    }

    /**
     * Walks the chain oldest first from the entry after {@code afterSeq}, in keyset-paged reads of {@value #PAGE}
     * entries (by primary key, so each read costs the same wherever it starts), handing each entry to {@code visitor}
     * until it returns false. Run it in one REPEATABLE READ transaction for a consistent snapshot.
     */
    public Reads walk(long afterSeq, java.util.function.Predicate<AuditEntry> visitor) {
        long after = afterSeq;
        long pages = 0;
        int largest = 0;
        while (true) {
            List<AuditEntry> page = db.selectFrom(AUDIT_LOG).where(AUDIT_LOG.SEQ.gt(after)).orderBy(AUDIT_LOG.SEQ.asc())
                    .limit(PAGE).fetch(AuditRepository::toEntry);
            pages++;
            largest = Math.max(largest, page.size());
            for (AuditEntry e : page) {
                if (!visitor.test(e)) {
                    return new Reads(pages, largest);
                }
                after = e.seq();
            }
            if (page.size() < PAGE) {
                return new Reads(pages, largest);
            }
        }
    }

    /** The last entry's sequence number and hash, if there is one (read without the append lock). */
    public Optional<Record2<Long, String>> head() {
        return db.select(AUDIT_LOG.SEQ, AUDIT_LOG.HASH).from(AUDIT_LOG).orderBy(AUDIT_LOG.SEQ.desc()).limit(1).fetchOptional();
    }

    public List<String> distinctActions() {
        return db.selectDistinct(AUDIT_LOG.ACTION).from(AUDIT_LOG).orderBy(AUDIT_LOG.ACTION).fetch(AUDIT_LOG.ACTION);
    }

    private static Condition conditions(AuditQuery q) {
        Condition c = noCondition();
        if (q.actor() != null && !q.actor().isBlank()) {
            c = c.and(AUDIT_LOG.ACTOR.containsIgnoreCase(q.actor().trim()));
        }
        if (q.action() != null && !q.action().isBlank()) {
            c = c.and(AUDIT_LOG.ACTION.containsIgnoreCase(q.action().trim()));
        }
        if (q.target() != null && !q.target().isBlank()) {
            c = c.and(AUDIT_LOG.TARGET.containsIgnoreCase(q.target().trim()));
        }
        if (q.from() != null) {
            c = c.and(AUDIT_LOG.OCCURRED_AT.ge(q.from().atOffset(ZoneOffset.UTC)));
        }
        if (q.to() != null) {
            c = c.and(AUDIT_LOG.OCCURRED_AT.lt(q.to().atOffset(ZoneOffset.UTC)));
        }
        return c;
    }

    private static AuditEntry toEntry(AuditLogRecord r) {
        return new AuditEntry(r.getSeq(), r.getEntryId(), r.getOccurredAt().toInstant(), r.getActor(), r.getAction(),
                r.getTarget(), r.getReason(), r.getDecisionId(), r.getDetails(), r.getPrevHash(), r.getHash());
    }
}
