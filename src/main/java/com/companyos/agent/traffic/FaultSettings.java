package com.companyos.agent.traffic;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Faults injected into the governed data API ({@code companyos.agent.faults.*}), for drills, tests and canary analysis.
 * Off by default.
 *
 * @param errorShare     0..1: the share of governed requests answered 500 at start
 * @param addedLatency   latency added to every governed request at start
 * @param unstableExport a regression for the release gates: the proof bundle's decision summary carries the moment it
 *                       was built, so the same inputs no longer give the same bytes (the deterministic-export gate fails)
 * @param runtimeControl whether the console may change both while the agent runs (over the control API, mutual TLS,
 *                       control-plane identity only). Off by default: a production agent's faults are set by its
 *                       configuration or not at all; tests and drill environments switch it on
 */
@ConfigurationProperties("companyos.agent.faults")
public record FaultSettings(@DefaultValue("0") double errorShare, @DefaultValue("0ms") Duration addedLatency,
                            @DefaultValue("false") boolean runtimeControl, @DefaultValue("false") boolean unstableExport) {
}
