package com.companyos.agentapi.control;

/** Console → agent: a tenant API token (only its SHA-256) that the agent's data API must accept for the tenant. */
public record TenantTokenGrant(String sha256) {
}
