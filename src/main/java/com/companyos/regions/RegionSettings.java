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
 * @param requestTimeout connect and response timeout for console → agent calls
 */
@ConfigurationProperties("companyos.regions")
public record RegionSettings(
        Map<String, Endpoint> endpoints,
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("2s") Duration requestTimeout) {

    /** One region's zone, agent control URL and tenant data URL. */
    public record Endpoint(Zone zone, URI url, URI dataUrl) {
    }

    public RegionSettings {
        endpoints = endpoints == null ? Map.of() : Map.copyOf(endpoints);
    }
}
