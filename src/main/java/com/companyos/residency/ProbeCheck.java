package com.companyos.residency;

import java.time.Instant;
import java.util.UUID;

/**
 * One attempt of a synthetic probe run: what was tried ({@code check}, against {@code target}) for the canary tenant
 * of {@code zone}, and what happened. {@code outcome} is {@code DENIED} (the guarantee held, with the decision and
 * receipt that prove it), {@code ALLOWED} (it did not: an alert is raised) or {@code INCONCLUSIVE} (nothing was
 * proven, e.g. the region could not be reached).
 */
public record ProbeCheck(UUID runId, Instant checkedAt, String zone, String check, String target, Outcome outcome, int httpStatus,
                         UUID decisionId, UUID receiptId, String detail) {

    public enum Outcome { DENIED, ALLOWED, INCONCLUSIVE }
}
