package com.companyos.agentapi;

/** Paths of the agent's REST APIs: the control API (mutual TLS only) and the tenant data API. */
public final class AgentPaths {

    public static final String PREFIX = "/agent/v1";
    public static final String HEALTH = PREFIX + "/health";
    /** {@code /agent/v1/tenants/{tenantId}/namespace}: PUT creates (idempotent), GET describes, DELETE removes. */
    public static final String NAMESPACE = PREFIX + "/tenants/{tenantId}/namespace";
    /** {@code /agent/v1/tenants/{tenantId}/tokens/{tokenId}}: PUT grants, DELETE revokes a tenant API token. */
    public static final String TENANT_TOKEN = PREFIX + "/tenants/{tenantId}/tokens/{tokenId}";

    /** The tenant data API (its own port, server TLS, tenant API token as Bearer). */
    public static final String DATA_PREFIX = "/data/v1";
    public static final String RECORD = DATA_PREFIX + "/records/{key}";

    public static String namespace(String tenantId) {
        return NAMESPACE.replace("{tenantId}", tenantId);
    }

    public static String tenantToken(String tenantId, String tokenId) {
        return TENANT_TOKEN.replace("{tenantId}", tenantId).replace("{tokenId}", tokenId);
    }

    private AgentPaths() {
    }
}
