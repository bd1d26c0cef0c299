package com.companyos.agentapi.data;

import com.companyos.base.ArtifactType;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a receipt says about one governed operation, allowed or denied: which tenant, which seam and operation, the
 * region that processed it and the regions where the data is stored, the policy decision (ID, determining policies,
 * bundle version and SHA-256) and the SHA-256 of the payload. Regions sign it as canonical JSON ({@link #fields()});
 * the console signs routing receipts the same way. A receipt is itself an artifact labelled as
 * {@link ArtifactType#RECEIPT}.
 */
public record Receipt(String receiptId, String tenantId, String tenant, Seam seam, String operation, boolean allowed,
                      String regionOfProcessing, List<String> regionsOfStorage, String decisionId, List<String> policies,
                      String bundleVersion, String bundleSha256, String payloadSha256, Instant issuedAt) {

    /** The signed fields (null values are kept, so every receipt has the same keys). */
    public Map<String, Object> fields() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("receiptId", receiptId);
        body.put("tenantId", tenantId);
        body.put("tenant", tenant);
        body.put("seam", seam.name());
        body.put("operation", operation);
        body.put("allowed", allowed);
        body.put("regionOfProcessing", regionOfProcessing);
        body.put("regionsOfStorage", regionsOfStorage);
        body.put("decisionId", decisionId);
        body.put("policies", policies);
        body.put("bundleVersion", bundleVersion);
        body.put("bundleSha256", bundleSha256);
        body.put("payloadSha256", payloadSha256);
        body.put("issuedAt", issuedAt.toString());
        body.put("classification", ArtifactType.RECEIPT.classification());
        body.put("retention", ArtifactType.RECEIPT.retention());
        return body;
    }
}
