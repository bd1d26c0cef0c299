package com.companyos.agentapi.control;

import com.companyos.agentapi.data.ResourceRef;

import java.time.LocalDate;
import java.util.List;

/**
 * A tenant's namespace in one region as the agent sees it now: what exists, how much data it holds, and how much of
 * it is still under retention (and until when at the latest).
 */
public record NamespaceInfo(
        String tenantId,
        String region,
        boolean exists,
        List<ResourceRef> resources,
        long records,
        long recordsUnderRetention,
        LocalDate retentionRunsUntil,
        long objects,
        long objectBytes) {
}
