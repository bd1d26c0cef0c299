package com.companyos.audit;

/**
 * Checks the audit chain entry by entry, oldest first, holding only the last link: each entry must have the next
 * sequence number, link to the previous entry's hash and recompute to its own hash; and the entry an anchor names
 * must still carry the anchored hash, and be there at all. Stops at the first problem.
 */
final class ChainWalk {

    private final ChainAnchor anchor;
    private long expectedSeq;
    private String previousHash;
    private long checked;
    private String problem;
    private long brokenAt = -1;

    private ChainWalk(long expectedSeq, String previousHash, ChainAnchor anchor) {
        this.expectedSeq = expectedSeq;
        this.previousHash = previousHash;
        this.anchor = anchor;
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
        return expectedSeq - 1;
    }

    /** Checks the next entry; false once the chain is broken (stop reading). */
    boolean test(AuditEntry entry) {
        checked++;
        if (entry.seq() != expectedSeq) {
            problem = "entry #" + expectedSeq + (entry.seq() - expectedSeq == 1 ? " is" : " to #" + (entry.seq() - 1) + " are")
                    + " missing (next present is #" + entry.seq() + ")";
            brokenAt = expectedSeq;
        } else if (previousHash != null && !entry.prevHash().equals(previousHash)) {
            problem = "entry #" + entry.seq() + " does not link to the entry before it (previous hash differs)";
            brokenAt = entry.seq();
        } else if (!AuditChain.hash(entry).equals(entry.hash())) {
            problem = "entry #" + entry.seq() + " was altered after it was written (its hash does not match its content)";
            brokenAt = entry.seq();
        } else if (anchor != null && entry.seq() == anchor.seq() && !entry.hash().equals(anchor.headHash())) {
            problem = "entry #" + entry.seq() + " does not match the anchor signed at " + anchor.anchoredAt() + " (hash "
                    + abbreviate(entry.hash()) + ", anchored " + abbreviate(anchor.headHash()) + "): the chain was rewritten "
                    + "consistently up to there, replacing what was anchored";
            brokenAt = entry.seq();
        }
        if (problem != null) {
            return false;
        }
        previousHash = entry.hash();
        expectedSeq++;
        return true;
    }

    /** After the last entry: the chain must reach the anchored entry (otherwise it was cut short). */
    void end() {
        long last = expectedSeq - 1;
        if (problem == null && anchor != null && last < anchor.seq()) {
            problem = "the chain ends at entry #" + last + " but the anchor signed at " + anchor.anchoredAt() + " recorded entry #"
                    + anchor.seq() + ": " + (anchor.seq() - last == 1 ? "entry #" + anchor.seq() + " was"
                    : "entries #" + (last + 1) + " to #" + anchor.seq() + " were") + " removed (the chain was truncated)";
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

    long checked() {
        return checked;
    }

    /** The last entry checked: its sequence number and hash. */
    long headSeq() {
        return expectedSeq - 1;
    }

    String headHash() {
        return previousHash;
    }

    private static String abbreviate(String hash) {
        return hash == null || hash.length() < 12 ? hash : hash.substring(0, 12) + "…";
    }
}
