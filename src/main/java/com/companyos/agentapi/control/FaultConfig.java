package com.companyos.agentapi.control;

/**
 * Faults an agent injects into its governed data requests, for drills and tests (and canary analysis): a share of
 * requests answered 5xx, and latency added to each. {@code runtimeControl} says whether the console may change them
 * while the agent runs ({@code companyos.agent.faults.runtime-control}); it is reported, never set, over the wire.
 *
 * @param errorShare        0..1: the share of governed requests answered 500 instead of being served
 * @param addedLatencyMillis 0..60000: added before each governed request is served
 * @param runtimeControl    read-only: the agent accepts changes from the console
 */
public record FaultConfig(double errorShare, long addedLatencyMillis, boolean runtimeControl) {

    public static final long MAX_ADDED_LATENCY_MILLIS = 60_000;

    public FaultConfig {
        if (Double.isNaN(errorShare) || errorShare < 0 || errorShare > 1) {
            throw new IllegalArgumentException("errorShare must be between 0 and 1; got " + errorShare);
        }
        if (addedLatencyMillis < 0 || addedLatencyMillis > MAX_ADDED_LATENCY_MILLIS) {
            throw new IllegalArgumentException("addedLatencyMillis must be between 0 and " + MAX_ADDED_LATENCY_MILLIS
                    + "; got " + addedLatencyMillis);
        }
    }

    public static FaultConfig none() {
        return new FaultConfig(0, 0, false);
    }

    public boolean active() {
        return errorShare > 0 || addedLatencyMillis > 0;
    }
}
