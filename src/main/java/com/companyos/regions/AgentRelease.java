package com.companyos.regions;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an agent process runs: a release's version, its artifact (an agent jar kept by the console; null for the
 * console's own build) and the agent settings the release carries ({@code --key=value} on the agent's command line).
 */
public record AgentRelease(String version, Path artifact, Map<String, String> properties) {

    public AgentRelease {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** The console's own build, with no settings of its own. */
    public static AgentRelease builtin(String version) {
        return new AgentRelease(version, null, Map.of());
    }
}
