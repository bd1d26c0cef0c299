package com.companyos.dr;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's multi-region posture: where it runs, how far its standby is behind, and how ready it is to fail over.
 * {@code readiness} is 0–100, the sum of the {@code checks} that pass (25 each), so the number explains itself.
 */
public record TenantPosture(String slug, String zone, boolean residencyLocked, String primaryRegion, String failoverRegion,
                            String activeRegion, String standbyRegion, long epoch, String replicationMode, boolean failedOver,
                            String failoverOperations, long seqBehind, double secondsBehind, double lagP95LastHour,
                            String standbyRole, String problem, Drill lastDrill, int readiness, List<Check> checks,
                            Instant observedAt) {

    /** One readiness criterion, whether it holds, and why. */
    public record Check(String name, boolean ok, String why) {
    }
}
