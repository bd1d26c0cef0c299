package com.companyos.agent;

import com.companyos.base.Zone;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.util.Map;

/**
 * Registered destinations for exports and egress ({@code companyos.destinations.<name>.zone/url}). A tenant
 * application names a destination; the agent knows its zone, so residency can be decided before anything is sent.
 */
@ConfigurationProperties("companyos")
public record Destinations(Map<String, Destination> destinations) {

    /** One destination: its residency zone and where data goes ({@code file:} folder or {@code https:} endpoint). */
    public record Destination(Zone zone, URI url) {
    }

    public Destinations {
        destinations = destinations == null ? Map.of() : Map.copyOf(destinations);
    }
}
