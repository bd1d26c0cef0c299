package com.companyos.probes;

import java.time.Instant;
import java.util.UUID;

/**
 * An incident of one probe in one place: opened when N of the last M runs failed ({@code cause} {@code path}, paged
 * to the probe's owner) or broke ({@code probe}, paged to the platform owner); at most one open per
 * {@code dedupKey}. {@code escalationLevel} is the position of the last person paged; {@code pagedAt} is null while a
 * maintenance window keeps it silent.
 */
public record ProbeIncident(UUID id, String dedupKey, String probe, String place, String cause, String owner, String state, String summary,
                            Instant openedAt, UUID lastRunId, int escalationLevel, Instant pagedAt, Instant nextEscalationAt,
                            Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt, String resolvedBy) {

    public boolean open() {
        return !"resolved".equals(state);
    }
}
