package com.companyos.support;

import com.companyos.agentapi.AgentPaths;
import com.companyos.base.RegionId;
import com.companyos.regions.RegionAgents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An agent's metrics (Prometheus text on {@code GET /agent/v1/metrics}), read as an operator's scraper reads them. */
public final class AgentMetrics {

    private AgentMetrics() {
    }

    /** The exposition text, over the agent's control API (mutual TLS, through the console's client). */
    public static String scrape(RegionAgents agents, RegionId region) throws IOException {
        try (InputStream in = agents.client(region).stream(AgentPaths.METRICS)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every sample line of an exposition, keyed by its name and labels as written ({@code name{a="b",…}}). */
    public static Map<String, Double> samples(String exposition) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int value = line.lastIndexOf(' ');
                samples.put(line.substring(0, value), Double.parseDouble(line.substring(value + 1)));
            }
        }
        return samples;
    }
}
