package com.companyos.agentapi.control;

import com.companyos.agentapi.data.Seam;

import java.time.Instant;

/** Decisions counted per hour, seam (a {@link Seam} name) and outcome, in one region. Metadata only. */
public record DecisionBucket(Instant hour, String seam, boolean allowed, long count) {
}
