package com.companyos.audit;

import com.companyos.base.HashChainCheck;

/**
 * Checks the audit chain entry by entry, oldest first, holding only the last link: each entry must have the next
 * sequence number, link to the previous entry's hash and recompute to its own hash; and the entry an anchor names
 * must still carry the anchored hash, and be there at all. Stops at the first problem. The link checks are the ones
 * every chain of the product uses ({@link HashChainCheck}).
 */
final class ChainWalk {

    private final HashChainCheck check;

    private ChainWalk(long expectedSeq, String previousHash, ChainAnchor anchor) {
        this.check = new HashChainCheck("entry", "written", expectedSeq, previousHash, anchor == null ? 0 : anchor.seq(),
                anchor == null ? null : anchor.headHash(), anchor == null ? "" : " signed at " + anchor.anchoredAt());
    }

    /** From the first entry; checked against {@code anchor} too when it is not null. */
    static ChainWalk fromGenesis(ChainAnchor anchor) {
        return new ChainWalk(1, AuditChain.GENESIS, anchor);
    }

    /** From the entry {@code anchor} names (which must still carry its hash) onwards: what was appended since. */
    static ChainWalk fromAnchor(ChainAnchor anchor) {
        return new ChainWalk(anchor.seq(), null, anchor);
    }

    /** The sequence number after which to start reading. */
    long readAfter() {
        return check.readAfter();
    }

    /** Checks the next entry; false once the chain is broken (stop reading). */
    boolean test(AuditEntry entry) {
        return check.test(entry.seq(), entry.prevHash(), entry.hash(), AuditChain.hash(entry));
    }

    /** After the last entry: the chain must reach the anchored entry (otherwise it was cut short). */
    void end() {
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

    long checked() {
        return check.checked();
    }

    /** The last entry checked: its sequence number and hash. */
    long headSeq() {
        return check.headSeq();
    }

    String headHash() {
        return check.headHash();
    }
}
