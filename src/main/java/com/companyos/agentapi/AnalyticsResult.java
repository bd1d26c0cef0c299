package com.companyos.agentapi;

import java.util.List;
import java.util.Map;

/** The result of an allowed analytics query: counts (aggregate) or rows, with the decision and receipt. */
public record AnalyticsResult(boolean aggregate, String resultZone, Map<String, Long> countsByClassification,
                              List<Map<String, Object>> rows, String decisionId, String receiptId) {
}
