package com.companyos.regions;

import com.companyos.base.Zone;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The regions this control plane manages ({@code companyos.regions.*}).
 *
 * @param endpoints      per region id: its residency zone, its agent's control URL (mutual TLS) and its tenant data
 *                       URL (server TLS; where tenant applications are sent)
 * @param pollInterval   how often each agent's health is checked
 * @param requestTimeout connect timeout for console → agent calls, and the response timeout of a health check
 * @param operationTimeout response timeout of other console → agent calls on the shared client (callers that must
 *                       give up sooner, like failover's fencing, ask {@link RegionAgents#client(com.companyos.base.RegionId,
 *                       Duration)} for their own); for a streamed answer, the longest pause between two reads
 */
@ConfigurationProperties("companyos.regions")
public record RegionSettings(
        Map<String, Endpoint> endpoints,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("2s") Duration requestTimeout,
        @DefaultValue("30s") Duration operationTimeout) {

    /** One region's zone, agent control URL and tenant data URL. */
    public record Endpoint(Zone zone, URI url, URI dataUrl) {
    }

    public RegionSettings {
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
    }
}
