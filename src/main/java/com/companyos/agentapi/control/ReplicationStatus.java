package com.companyos.agentapi.control;

import java.time.Instant;

/**
 * A tenant's replication as one of its regions sees it. On the active region: sequence numbers handed out and
 * acknowledged, and how far behind the standby is (changes and seconds — the age of the oldest unacknowledged change).
 * On the standby: what it has applied. {@code problem} is the last reason shipping could not proceed (peer unreachable,
 * refused by policy, fenced), null when healthy.
 */
public record ReplicationStatus(String tenantId, String slug, String region, String role, long epoch, boolean confirmed,
                                String mode, String standbyRegion, long nextSeq, long ackedSeq, Instant ackedAt,
                                long seqBehind, double secondsBehind, long appliedSeq, long appliedEpoch, long appliedChanges,
                                Instant appliedAt, Instant appliedWrittenAt, long epochStartSeq, long diverged,
                                String problem, String lastDecisionId, boolean lastDecisionAllowed) {
}
