package com.companyos.releases;

import com.companyos.releases.internal.Signal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One analysis of a canary window: its decision ID, outcome, every signal with its value and threshold, which tripped,
 * the rationale, and what the rollout did with it (wait, advance, pause, abort) and why.
 */
public record RolloutVerdict(UUID decisionId, UUID rolloutId, int stepIndex, double weight, String outcome, List<Signal> signals,
                             String tripped, String rationale, String action, String actionReason, long servedCanary,
                             long servedTotal, java.util.Map<String, LaneSample> samples, Instant windowStart, Instant windowEnd) {
}
