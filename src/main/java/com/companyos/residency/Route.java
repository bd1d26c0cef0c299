package com.companyos.residency;

import java.util.List;

/**
 * Where a tenant's clients go: the region that serves the tenant now and its data API endpoint, with the routing
 * decision (and its determining policies) and the receipt the console signed for it.
 */
public record Route(String tenant, String region, String zone, String endpoint, String decisionId, List<String> policies,
                    String bundle, String receiptId) {
}
