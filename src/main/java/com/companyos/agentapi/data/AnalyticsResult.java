package com.companyos.agentapi.data;

import com.companyos.base.ArtifactType;
import com.companyos.base.Classification;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The result of an allowed analytics query: counts (aggregate) or rows, with the decision and receipt. Labelled as
 * {@link ArtifactType#ANALYTICS_RESULT} when aggregate; row-level results carry the highest classification and the
 * latest retention of their rows.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AnalyticsResult(boolean aggregate, String resultZone, Map<String, Long> countsByClassification,
                              List<Map<String, Object>> rows, String decisionId, String receiptId) {

    @JsonProperty(value = "classification", access = JsonProperty.Access.READ_ONLY)
    public String classification() {
        if (aggregate || rows == null || rows.isEmpty()) {
            return ArtifactType.ANALYTICS_RESULT.classification();
        }
        return rows.stream().map(r -> Classification.of(String.valueOf(r.get("classification"))))
                .max(Comparator.naturalOrder()).map(Classification::label).orElseThrow();
    }

    @JsonProperty(value = "retention", access = JsonProperty.Access.READ_ONLY)
    public String retention() {
        if (aggregate || rows == null || rows.isEmpty()) {
            return ArtifactType.ANALYTICS_RESULT.retention();
        }
        return rows.stream().map(r -> String.valueOf(r.get("retentionUntil"))).max(Comparator.naturalOrder()).orElseThrow();
    }
}
