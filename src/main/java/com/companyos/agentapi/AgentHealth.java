package com.companyos.agentapi;

import java.time.Instant;

/**
 * What an agent reports about itself: region and zone, build version, process, its regional database and its own
 * certificate. {@code status} is {@code UP} when the agent can reach its database, {@code DEGRADED} otherwise.
 */
public record AgentHealth(
        String region,
        String zone,
        String status,
        String version,
        long pid,
        Instant startedAt,
        Database database,
        Certificate certificate,
        Instant time) {

    public static final String UP = "UP";
    public static final String DEGRADED = "DEGRADED";

    /** The agent's regional PostgreSQL as the agent sees it. */
    public record Database(String name, String product, String version, String role, boolean reachable, String error) {
    }

    /** The certificate the agent serves with. */
    public record Certificate(String spiffeId, Instant notAfter, String fingerprint) {
    }
}
