package com.companyos.audit;

import java.time.Instant;

/**
 * The outcome of walking the audit chain from its first entry.
 *
 * @param intact         every entry's hash recomputes and links to its predecessor, with no gap
 * @param entriesChecked how many entries were checked (up to and including the first broken one)
 * @param firstBrokenSeq the sequence number of the first broken link, or -1 when intact
 * @param problem        what is wrong at that entry, in words; null when intact
 * @param headHash       the hash of the last entry checked (publish it to anchor the chain)
 */
public record ChainVerification(boolean intact, long entriesChecked, long firstBrokenSeq, String problem,
                                String headHash, Instant verifiedAt) {
}
