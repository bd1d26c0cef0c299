package com.companyos.regions;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The embedded default runs every configured region's agent as a child process of the console
 * ({@code companyos.agents.local.*}). Production sets {@code enabled=false} and deploys agents on their own.
 *
 * @param enabled     launch local agents
 * @param jvmOptions  options for each agent JVM: a young generation sized for the governed write path (see
 *                    docs/benchmarks.md), and a first metaspace threshold above the ~85 MB an agent loads, so starting
 *                    one no longer stops it for three full collections (about a second with the serial collector)
 * @param stopTimeout how long a stopping agent gets to shut down cleanly before it is killed
 * @param agentProperties more agent settings passed to every local agent as {@code --key=value}, e.g.
 *                    {@code companyos.agents.local.agent-properties[companyos.agent.faults.runtime-control]=true} for a
 *                    drill environment
 */
@ConfigurationProperties("companyos.agents.local")
public record LocalAgentSettings(
        @DefaultValue("false") boolean enabled,
        @DefaultValue({"-Xmx512m", "-Xmn192m", "-XX:+UseSerialGC", "-Xss512k", "-XX:MetaspaceSize=128m"}) List<String> jvmOptions,
        @DefaultValue("20s") Duration stopTimeout,
        Map<String, String> agentProperties) {

    public LocalAgentSettings {
        agentProperties = agentProperties == null ? Map.of() : Map.copyOf(agentProperties);
    }
}
