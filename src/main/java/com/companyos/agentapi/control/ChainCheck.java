package com.companyos.agentapi.control;

/**
 * The outcome of walking a hash chain: intact or not, how many entries are sealed and how many are waiting to be,
 * and the first broken link ({@code -1} when intact) with the problem in words. {@code anchoredSeq} is the entry of the
 * anchor the chain was checked against (it must still be there, with the anchored hash), 0 when none was given.
 */
public record ChainCheck(boolean intact, long sealed, long unsealed, long firstBrokenSeq, String problem, long anchoredSeq) {
}
