package com.companyos.slo;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.FaultConfig;
import com.companyos.agentapi.control.RequestStats;
import com.companyos.regions.AgentClient;

/**
 * How the SLO module reaches one agent: its cumulative request counters ({@code GET /agent/v1/request-stats}) and its
 * injected faults ({@code GET/PUT /agent/v1/faults}), over mutual TLS with the expected peer identity. Calls may throw
 * (agent down, refused); the sampler skips a target that does not answer.
 */
public interface TargetAgent {

    RequestStats requestStats();

    FaultConfig faults();

    /** Changes the agent's injected faults; the agent refuses (403) unless its runtime fault control is on. */
    FaultConfig changeFaults(FaultConfig faults);

    /** An agent reached through a mutual-TLS {@link AgentClient} (region agents; any agent serving the same paths). */
    static TargetAgent over(AgentClient client) {
        return new TargetAgent() {
            @Override
            public RequestStats requestStats() {
                return client.get(AgentPaths.REQUEST_STATS, RequestStats.class)
                        .orElseThrow(() -> new IllegalStateException(client.region().id() + " serves no request stats"));
            }

            @Override
            public FaultConfig faults() {
                return client.get(AgentPaths.FAULTS, FaultConfig.class)
                        .orElseThrow(() -> new IllegalStateException(client.region().id() + " serves no fault controls"));
            }

            @Override
            public FaultConfig changeFaults(FaultConfig faults) {
                return client.put(AgentPaths.FAULTS, faults, FaultConfig.class);
            }
        };
    }
}
