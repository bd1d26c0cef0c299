package com.companyos.base;

/**
 * The one check of a hash chain's links, oldest first, holding only the last link (for the console's audit chain and
 * the regions' decision chains alike): each link must have the next sequence number, point to the previous link's
 * hash and recompute to its own hash; the link an anchor names must still carry the anchored hash, and be there at all.
 * Stops at the first problem, named in words ({@code noun}: "entry", "decision").
 */
public final class HashChainCheck {

    private final String noun;
    private final String alteredWhen;
    private final long anchorSeq;
    private final String anchorHash;
    private final String anchorNote;
    private long expected;
    private String previous;
    private long checked;
    private String problem;
    private long brokenAt = -1;

    /**
     * @param noun        what a link is called ("entry", "decision")
     * @param alteredWhen when a link's hash was fixed ("written", "sealed")
     * @param fromSeq     the first link to check (1: the whole chain)
     * @param fromPrev    the hash it must point to (the genesis hash from 1; null to take it on trust, when the first
     *                    link read is the anchored one)
     * @param anchorSeq   the anchored link (0: no anchor)
     * @param anchorHash  its anchored hash
     * @param anchorNote  how the anchor is named in a finding (e.g. " signed at 2026-12-03T10:00:00Z"; "" for none)
     */
    public HashChainCheck(String noun, String alteredWhen, long fromSeq, String fromPrev, long anchorSeq, String anchorHash,
                          String anchorNote) {
        this.noun = noun;
        this.alteredWhen = alteredWhen;
        this.expected = fromSeq;
        this.previous = fromPrev;
        this.anchorSeq = anchorSeq;
        this.anchorHash = anchorHash;
        this.anchorNote = anchorNote;
    }

    /** The sequence number after which to read. */
    public long readAfter() {
        return expected - 1;
    }

    /** Checks the next link ({@code recomputed}: its hash computed again from its content); false once broken. */
    public boolean test(long seq, String prevHash, String hash, String recomputed) {
        checked++;
        if (seq != expected) {
            problem = noun + " #" + expected + (seq - expected == 1 ? " is" : " to #" + (seq - 1) + " are")
                    + " missing (next present is #" + seq + ")";
            brokenAt = expected;
        } else if (previous != null && !previous.equals(prevHash)) {
            problem = noun + " #" + seq + " does not link to the " + noun + " before it (previous hash differs)";
            brokenAt = seq;
        } else if (!recomputed.equals(hash)) {
            problem = noun + " #" + seq + " was altered after it was " + alteredWhen + " (its hash does not match its content)";
            brokenAt = seq;
        } else if (anchorSeq > 0 && seq == anchorSeq && !hash.equals(anchorHash)) {
            problem = noun + " #" + seq + " does not match its anchor" + anchorNote + " (hash " + abbreviate(hash) + ", anchored "
                    + abbreviate(anchorHash) + "): the chain was rewritten consistently up to there, replacing what was anchored";
            brokenAt = seq;
        }
        if (problem != null) {
            return false;
        }
        previous = hash;
        expected++;
        return true;
    }

    /** After the last link: the chain must reach the anchored link (otherwise it was cut short). */
    public void end() {
        long last = expected - 1;
        if (problem == null && anchorSeq > last) {
            problem = "the chain ends at " + noun + " #" + last + " but its anchor" + anchorNote + " recorded " + noun + " #" + anchorSeq
                    + ": " + (anchorSeq - last == 1 ? noun + " #" + anchorSeq + " was" : plural() + " #" + (last + 1) + " to #" + anchorSeq
                    + " were") + " removed (the chain was truncated)";
            brokenAt = last + 1;
        }
    }

    private String plural() {
        return noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
    }

    public boolean intact() {
        return problem == null;
    }

    public String problem() {
        return problem;
    }

    public long brokenAt() {
        return brokenAt;
    }

    public long checked() {
        return checked;
    }

    /** The last link checked: its sequence number and hash. */
    public long headSeq() {
        return expected - 1;
    }

    public String headHash() {
        return previous;
    }

    private static String abbreviate(String hash) {
        return hash == null || hash.length() < 12 ? hash : hash.substring(0, 12) + "…";
    }
}
