package com.companyos.audit;

import java.time.Instant;

/**
 * The outcome of walking the audit chain from its first entry and checking it against its latest anchor.
 *
 * @param intact         every entry's hash recomputes and links to its predecessor, with no gap, and the chain reaches
 *                       the latest anchor with the anchored hash there
 * @param entriesChecked how many entries were checked (up to and including the first broken one)
 * @param firstBrokenSeq the sequence number of the first broken link (for a truncated chain: the first entry missing),
 *                       or -1 when intact or when only the anchor itself cannot be believed
 * @param problem        what is wrong, in words; null when intact
 * @param headHash       the hash of the last entry checked (publish it to anchor the chain)
 * @param anchor         the anchor checked against; null when none was taken yet
 * @param pagesRead      how many reads the walk took
 * @param largestPage    the most entries one read returned (what the walk held in memory at most)
 */
public record ChainVerification(boolean intact, long entriesChecked, long firstBrokenSeq, String problem,
                                String headHash, Instant verifiedAt, ChainAnchor anchor, long pagesRead, int largestPage) {
}
