package com.companyos.probes;

import java.time.Instant;
import java.util.UUID;

/**
 * A period in which the pages of a probe (null: every probe) in a place (null: every place) are suppressed. Runs and
 * incidents go on; nobody is woken. Created and cancelled in the audit log.
 */
public record MaintenanceWindow(UUID id, String probe, String place, Instant startsAt, Instant endsAt, String reason, String createdBy,
                                Instant createdAt, Instant cancelledAt, String cancelledBy) {

    /** Covers that probe in that place at that time. */
    public boolean covers(String probeName, String placeName, Instant at) {
        return cancelledAt == null && !at.isBefore(startsAt) && at.isBefore(endsAt)
                && (probe == null || probe.equals(probeName)) && (place == null || place.equals(placeName));
    }
}
