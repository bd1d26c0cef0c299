package com.companyos.residency;

import java.time.Instant;
import java.util.UUID;

/**
 * A residency guarantee observed broken: e.g. a synthetic probe attempt that should have been denied was allowed.
 * Open until a compliance officer acknowledges it with what was done.
 */
public record ResidencyAlert(UUID id, Instant raisedAt, String source, String region, String tenant, String seam, String summary,
                             UUID decisionId, Instant acknowledgedAt, String acknowledgedBy, String acknowledgement) {

    public boolean open() {
        return acknowledgedAt == null;
    }
}
