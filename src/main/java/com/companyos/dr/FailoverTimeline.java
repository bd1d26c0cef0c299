package com.companyos.dr;

import java.time.Instant;
import java.util.UUID;

/**
 * What a failover did and when: fencing of the old active region (if it answered), catching up (planned only),
 * promotion of the standby, and the routing switch (the control plane's record and every agent's directory).
 *
 * @param promotedAtSeq the last change the promoted region had: anything the old primary committed after it is the
 *                      failover's data loss (quarantined there for reconciliation)
 */
public record FailoverTimeline(UUID eventId, String fromRegion, String toRegion, long epoch, long promotedAtSeq, boolean oldFenced,
                               Instant startedAt, Instant fencedAt, Instant caughtUpAt, Instant promotedAt, Instant routedAt,
                               UUID decisionId) {
}
