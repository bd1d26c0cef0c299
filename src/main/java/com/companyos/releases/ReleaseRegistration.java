package com.companyos.releases;

import java.util.Map;

/**
 * What a person registers: a version, the agent settings it runs with (e.g. a drill's injected faults), why, and where
 * its artifact comes from — an uploaded jar (given to the service as a stream) or {@code artifactOf}, an earlier
 * release whose artifact this one reuses (a configuration-only release).
 */
public record ReleaseRegistration(String version, String artifactOf, Map<String, String> config, String reason) {

    public ReleaseRegistration {
        config = config == null ? Map.of() : Map.copyOf(config);
    }
}
