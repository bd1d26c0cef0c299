package com.companyos.agentapi.control;

import java.time.Instant;

/** Console → tenant's region: build a proof bundle of the period [from, to) for the person {@code requestedBy}. */
public record ProofBundleRequest(Instant from, Instant to, String requestedBy) {
}
