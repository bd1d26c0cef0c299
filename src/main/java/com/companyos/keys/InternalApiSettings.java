package com.companyos.keys;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's internal API for agents ({@code companyos.internal.*}): its own HTTPS port, mutual TLS only, region
 * identities only. Agents fetch policy bundles here.
 *
 * @param port the port; 0 switches the internal API off
 */
@ConfigurationProperties("companyos.internal")
public record InternalApiSettings(@DefaultValue("8443") int port) {
}
