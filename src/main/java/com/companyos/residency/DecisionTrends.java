package com.companyos.residency;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Platform-wide residency decisions from the console's rollups (never the regions' decision logs): the violations
 * prevented (denials) in the last 24 hours and 30 days with the period before each for the trend, per day, per seam,
 * and where decisions were processed. {@code countedAt} is when each region's decisions were last counted.
 */
public record DecisionTrends(long denied24h, long deniedPrevious24h, long denied30d, long deniedPrevious30d,
                             long allowed30d, List<Day> days, Map<String, Long> deniedBySeam30d,
                             Map<String, Long> processedByRegion30d, Map<String, Instant> countedAt) {

    /** Decisions of one UTC day. */
    public record Day(LocalDate day, long allowed, long denied) {
    }

    /** The change against the period before, in percent (null when the period before had none). */
    public static Double trendPercent(long now, long before) {
        return before == 0 ? null : 100.0 * (now - before) / before;
    }
}
