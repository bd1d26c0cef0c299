package com.companyos.agentapi.control;

import com.companyos.agentapi.data.ResourceRef;

import java.util.List;

/** What an agent removed for a tenant (empty and {@code alreadyAbsent} when a previous call removed it). */
public record NamespaceRemoval(String tenantId, String region, List<ResourceRef> removed, long records, long objects,
                               boolean alreadyAbsent) {
}
