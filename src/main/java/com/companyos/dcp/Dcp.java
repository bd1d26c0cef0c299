package com.companyos.dcp;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's Dedicated Compliance Partition as the control plane records it.
 *
 * @param endpoints      the partition's agents, one per region of the plan (empty before the pool is started)
 * @param keyFingerprint SHA-256 of the partition's signing certificate
 * @param record         the co-signed DCP record (DSSE envelope, JSON), once provisioned
 */
public record Dcp(UUID tenantId, String slug, DcpState state, DcpPlan plan, String planSha256, UUID approvalRequestId,
                  String requestedBy, String reason, List<String> approvedBy, List<Endpoint> endpoints, String keyFingerprint,
                  String record, String lastError, Instant requestedAt, Instant updatedAt, Instant activatedAt,
                  List<Step> steps) {

    /** One partition agent: its region, control API (mutual TLS) and tenant data API. */
    public record Endpoint(String region, String agentUrl, String dataUrl) {
    }

    /** One provisioning step, per region where it applies. */
    public record Step(String step, String region, String state, Instant startedAt, Instant finishedAt, String detail) {
    }

    public java.util.Optional<Endpoint> endpoint(String region) {
        return endpoints.stream().filter(e -> e.region().equals(region)).findFirst();
    }
}
