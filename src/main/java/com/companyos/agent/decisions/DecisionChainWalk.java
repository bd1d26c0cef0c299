package com.companyos.agent.decisions;

import com.companyos.agent.db.tables.records.DecisionLogRecord;
import com.companyos.base.HashChainCheck;
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

    private final HashChainCheck check;

    /**
     * @param fromSeq    the first decision to read (1: the whole chain)
     * @param fromPrev   the hash it must link to (the genesis hash from 1; null to take the first one read on trust,
     *                   when it is the anchored decision itself)
     * @param anchorSeq  the anchored decision (0: no anchor)
     * @param anchorHash its anchored hash
     */
    DecisionChainWalk(long fromSeq, String fromPrev, long anchorSeq, String anchorHash) {
        this.check = new HashChainCheck("decision", "sealed", fromSeq, fromPrev, anchorSeq, anchorHash, "");
    }

    DecisionChainWalk run(DSLContext db) {
        long after = check.readAfter();
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
        return check.test(r.getSeq(), r.getPrevHash(), r.getHash(), DecisionSealer.hash(r.getPrevHash(), r.getSeq(), r));
    }

    private void end() {
        check.end();
    }

    boolean intact() {
        return check.intact();
    }

    String problem() {
        return check.problem();
    }

    long brokenAt() {
        return check.brokenAt();
    }

    /** The last decision checked. */
    long headSeq() {
        return check.headSeq();
    }

    String headHash() {
        return check.headHash();
    }
}
