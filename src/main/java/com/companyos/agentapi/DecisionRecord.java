package com.companyos.agentapi;

import java.time.Instant;

/**
 * One entry of a region's decision log as served to the control plane: the question (principal, action, resource,
 * context), the answer and the policies that determined it (with their rationale), the bundle that decided, the
 * entry's place in the hash chain ({@code seq}, {@code hash}; null until sealed) and the receipt that records it.
 */
public record DecisionRecord(String decisionId, Instant decidedAt, String tenant, String seam, String action, String principal,
                             String resource, String context, boolean allowed, String policies, String rationale, String channel,
                             String bundleVersion, String bundleSha256, Long seq, String hash, String receiptId) {
}
