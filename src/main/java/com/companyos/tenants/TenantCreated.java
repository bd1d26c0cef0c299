package com.companyos.tenants;

import java.util.UUID;

/**
 * Published after a tenant was created (outside the creating transaction, once it is committed and the agents know
 * it). The DCP module files the Dedicated Compliance Partition of a tenant created with the DCP option.
 */
public record TenantCreated(UUID tenantId, String slug, boolean dcpRequested, String requestedBy, UUID approvalRequestId) {
}
