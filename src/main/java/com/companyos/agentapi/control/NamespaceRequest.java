package com.companyos.agentapi.control;

/**
 * Console → agent: create (idempotently) the namespace of a tenant in this region, as its serving region
 * ({@code ACTIVE}) or as its warm standby ({@code STANDBY}), under {@code epoch}.
 */
public record NamespaceRequest(String slug, String zone, boolean residencyLocked, String channel, String role, long epoch) {

    public static final String ACTIVE = "ACTIVE";
    public static final String STANDBY = "STANDBY";

    public NamespaceRequest {
        role = role == null ? ACTIVE : role;
        epoch = epoch < 1 ? 1 : epoch;
    }
}
