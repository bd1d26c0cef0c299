package com.companyos.dr;

import java.time.Instant;
import java.util.List;

/**
 * The DR posture of one region over the tenants active there: how many are fully ready to fail over (readiness 100),
 * the mean readiness, the current replication lag (worst and 95th percentile over its tenants), tenants whose active
 * region is not reporting, and the lag over the last hour.
 */
public record RegionPosture(String region, boolean healthy, int activeTenants, int readyTenants, double meanReadiness,
                            int notReporting, double maxLagSeconds, double p95LagSeconds, List<LagPoint> lagLastHour) {

    /** The region's lag at one moment: worst tenant and 95th percentile. */
    public record LagPoint(Instant at, double maxSeconds, double p95Seconds) {
    }

    /** One tenant's lag at one moment, in the region that was active then. */
    public record TenantLagPoint(String region, Instant at, double seconds, long seqBehind) {
    }

    /** Nearest-rank percentile of sorted values (0 when there are none). */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
