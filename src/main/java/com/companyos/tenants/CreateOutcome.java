package com.companyos.tenants;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What asking for a tenant did.
 *
 * @param status      CREATED, UNCHANGED (the same request again: nothing to do), PENDING_APPROVAL (two-person
 *                    control; {@code approvalRequestId} says where), or DIFFERS (a tenant with this slug exists and
 *                    differs; nothing was changed)
 * @param manifest    the tenant.yaml (CREATED, UNCHANGED) or its preview (PENDING_APPROVAL)
 * @param differences for DIFFERS: field → [existing, requested]
 */
public record CreateOutcome(
        Status status,
        String slug,
        UUID tenantId,
        String manifest,
        String manifestSha256,
        UUID approvalRequestId,
        int approvalsRequired,
        Map<String, List<String>> differences,
        String message) {

    public enum Status { CREATED, UNCHANGED, PENDING_APPROVAL, DIFFERS }
}
