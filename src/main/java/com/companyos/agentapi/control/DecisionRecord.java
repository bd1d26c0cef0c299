package com.companyos.agentapi.control;

import com.companyos.base.ArtifactType;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * One entry of a region's decision log as served to the control plane: the question (principal, action, resource,
 * context), the answer and the policies that determined it (with their rationale), the bundle that decided, the
 * entry's place in the hash chain ({@code seq}, {@code hash}; null until sealed) and the receipt that records it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DecisionRecord(String decisionId, Instant decidedAt, String tenant, String seam, String action, String principal,
                             String resource, String context, boolean allowed, String policies, String rationale, String channel,
                             String bundleVersion, String bundleSha256, Long seq, String hash, String receiptId) {

    /** A decision record is an artifact: {@link ArtifactType#DECISION_RECORD}. */
    @JsonProperty(value = "classification", access = JsonProperty.Access.READ_ONLY)
    public String classification() {
        return ArtifactType.DECISION_RECORD.classification();
    }

    @JsonProperty(value = "retention", access = JsonProperty.Access.READ_ONLY)
    public String retention() {
        return ArtifactType.DECISION_RECORD.retention();
    }
}
