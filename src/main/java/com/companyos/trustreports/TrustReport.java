package com.companyos.trustreports;

import java.time.Instant;
import java.util.UUID;

/**
 * A generated Trust Report as listed: whose, which period [from, to), who generated it when, the headline figures, and
 * the SHA-256 of its facts (trust-report.json, identical in every downloaded copy). Labelled as
 * {@link com.companyos.base.ArtifactType#TRUST_REPORT}.
 */
public record TrustReport(UUID id, UUID tenantId, String tenant, Instant from, Instant to, String generatedBy, Instant generatedAt, long receipts,
                          long denied, String factsSha256, String classification, String retention) {
}
