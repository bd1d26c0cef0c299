package com.companyos.agentapi.control;

import java.time.Instant;
import java.util.List;

/**
 * The sealed decisions of one region with sequence numbers in ({@code afterSeq}, {@code upToSeq}], counted per hour,
 * tenant, seam and outcome: what the console adds to its rollups. {@code chainStart} is the hash of the region's first
 * sealed decision, so a console can tell a region whose decision log was replaced (its counts start over) from one
 * that merely moved on. {@code headSeq} is the newest sealed decision. Metadata only (counts, no inputs).
 */
public record DecisionRollup(long afterSeq, long upToSeq, long headSeq, String chainStart, List<Bucket> buckets) {

    /** Decisions of one hour, tenant, seam and outcome. */
    public record Bucket(Instant hour, String tenant, String seam, boolean allowed, long count) {
    }
}
