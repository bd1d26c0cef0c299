package com.companyos.tenants;

import java.util.List;

/**
 * A tenant as someone asks for it: the shape of {@code request.yaml} for the CLI, the REST body, and what the wizard
 * fills in. Everything is checked by {@link TenantService}; nothing here is trusted.
 */
public record TenantRequest(
        String name,
        String slug,
        List<Contact> contacts,
        String residencyZone,
        Boolean residencyLocked,
        String primaryRegion,
        String failoverRegion,
        List<String> failoverAllowedOperations,
        String defaultClassification,
        String retentionPolicy,
        Boolean dcpRequested,
        String reason) {

    public TenantRequest withReason(String newReason) {
        return new TenantRequest(name, slug, contacts, residencyZone, residencyLocked, primaryRegion, failoverRegion,
                failoverAllowedOperations, defaultClassification, retentionPolicy, dcpRequested, newReason);
    }
}
