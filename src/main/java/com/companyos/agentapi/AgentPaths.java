package com.companyos.agentapi;

/** Paths of the agent's REST API. Every one of them is served over mutual TLS only. */
public final class AgentPaths {

    public static final String PREFIX = "/agent/v1";
    public static final String HEALTH = PREFIX + "/health";

    private AgentPaths() {
    }
}
