package com.companyos.agentapi.control;

import java.time.Instant;

/**
 * What an agent reports about itself: region and zone, build version, process, its regional database and its own
 * certificate, and the policy bundles it enforces. Replication has its own endpoint ({@link AgentPaths#REPLICATION}). {@code release} is the release (a version registered in the console) this process runs. {@code status} is {@code UP} when the agent can reach its database, {@code DEGRADED} otherwise.
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
        java.util.List<Bundle> policyBundles,
        BundleRejection lastBundleRejection,
        Instant time,
        String release) {

    public static final String UP = "UP";
    public static final String DEGRADED = "DEGRADED";

    /** The agent's regional PostgreSQL as the agent sees it. */
    public record Database(String name, String product, String version, String role, boolean reachable, String error) {
    }

    /** A policy bundle in force on the agent (verified against the platform signing key). */
    public record Bundle(String channel, String version, String sha256, Instant activatedAt) {
    }

    /** The last bundle the agent refused (it kept the previous one), and why. */
    public record BundleRejection(Instant at, String channel, String version, String sha256, String reason) {
    }

    /** The certificate the agent serves with. */
    public record Certificate(String spiffeId, Instant notAfter, String fingerprint) {
    }
}
