package com.companyos.agent.decisions;

import com.companyos.agent.db.tables.records.DecisionLogRecord;
import org.jooq.DSLContext;

import java.util.List;

import static com.companyos.agent.db.Tables.DECISION_LOG;

/**
 * Checks the sealed decision chain oldest first, in keyset-paged reads of {@value #PAGE} decisions (by sequence number,
 * the chain's own index), holding only the last link: each decision must have the next sequence number, link to the
 * previous hash and recompute to its own; the decision an anchor names must still be there, with the anchored hash.
 * Stops at the first problem. Run it in one REPEATABLE READ transaction for a consistent snapshot.
 */
final class DecisionChainWalk {

    static final int PAGE = 1000;

    private final long anchorSeq;
    private final String anchorHash;
    private long expected;
    private String prev;
    private String problem;
    private long brokenAt = -1;

    /**
     * @param fromSeq    the first decision to read (1: the whole chain)
     * @param fromPrev   the hash it must link to (the genesis hash from 1; null to take the first one read on trust,
     *                   when it is the anchored decision itself)
     * @param anchorSeq  the anchored decision (0: no anchor)
     * @param anchorHash its anchored hash
     */
    DecisionChainWalk(long fromSeq, String fromPrev, long anchorSeq, String anchorHash) {
        this.expected = fromSeq;
        this.prev = fromPrev;
        this.anchorSeq = anchorSeq;
        this.anchorHash = anchorHash;
    }

    DecisionChainWalk run(DSLContext db) {
        long after = expected - 1;
        while (true) {
            List<DecisionLogRecord> page = db.selectFrom(DECISION_LOG).where(DECISION_LOG.SEQ.gt(after)).orderBy(DECISION_LOG.SEQ)
                    .limit(PAGE).fetch();
            for (DecisionLogRecord r : page) {
                if (!test(r)) {
                    return this;
                }
                after = r.getSeq();
            }
            if (page.size() < PAGE) {
                end();
                return this;
            }
        }
    }

    private boolean test(DecisionLogRecord r) {
        if (r.getSeq() != expected) {
            problem = "decision #" + expected + " is missing";
        } else if (prev != null && !prev.equals(r.getPrevHash())) {
            problem = "decision #" + r.getSeq() + " does not link to the one before it";
        } else if (!DecisionSealer.hash(r.getPrevHash(), r.getSeq(), r).equals(r.getHash())) {
            problem = "decision #" + r.getSeq() + " was altered after it was sealed";
        } else if (r.getSeq() == anchorSeq && !r.getHash().equals(anchorHash)) {
            problem = "decision #" + r.getSeq() + " does not match its anchor (hash " + abbreviate(r.getHash()) + ", anchored "
                    + abbreviate(anchorHash) + "): the chain was rewritten consistently up to there, replacing what was anchored";
        }
        if (problem != null) {
            brokenAt = expected;
            return false;
        }
        prev = r.getHash();
        expected++;
        return true;
    }

    private void end() {
        long last = expected - 1;
        if (anchorSeq > last) {
            problem = "the chain ends at decision #" + last + " but its anchor recorded decision #" + anchorSeq + ": "
                    + (anchorSeq - last == 1 ? "decision #" + anchorSeq + " was" : "decisions #" + (last + 1) + " to #" + anchorSeq + " were")
                    + " removed (the chain was truncated)";
            brokenAt = last + 1;
        }
    }

    boolean intact() {
        return problem == null;
    }

    String problem() {
        return problem;
    }

    long brokenAt() {
        return brokenAt;
    }

    /** The last decision checked. */
    long headSeq() {
        return expected - 1;
    }

    String headHash() {
        return prev;
    }

    private static String abbreviate(String hash) {
        return hash == null || hash.length() < 12 ? hash : hash.substring(0, 12) + "…";
    }
}
