package com.companyos.agentapi;

/** Console → agent: create (idempotently) the namespace of a tenant resident in this region. */
public record NamespaceRequest(String slug, String zone, boolean residencyLocked, String channel) {
}
