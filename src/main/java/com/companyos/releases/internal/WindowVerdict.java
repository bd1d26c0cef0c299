package com.companyos.releases.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The judgement of one analysis window, kept as the evidence for the rollout's next step.
 *
 * @param decisionId identifies this judgement in the audit trail
 * @param at         the end of the window judged
 * @param signals    synthetic, residency, error-rate, latency-p99, burn-rate, in that order
 * @param tripped    comma-separated names of the failing signals, or null when none failed
 * @param rationale  one or two English sentences naming the values and the thresholds
 */
public record WindowVerdict(UUID decisionId, Instant at, Outcome outcome, List<Signal> signals, String tripped,
                            String rationale) {

    public WindowVerdict {
        signals = signals == null ? List.of() : List.copyOf(signals);
    }
}
