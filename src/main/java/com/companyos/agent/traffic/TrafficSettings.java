package com.companyos.agent.traffic;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * Which release this agent process runs and how it takes part in a canary ({@code companyos.agent.traffic.*}).
 *
 * @param release        the release (a version registered in the console) this process runs; reported on every
 *                       health answer and in the {@code X-Release} header of every data answer
 * @param forwardKeyFile on a canary process: an owner-only file holding the key the region's router sends with every
 *                       request it forwards; a request carrying it has its client address taken from the router's
 *                       header (so refusals and rate limits count clients, not the router). Unset: no forwarded address
 *                       is trusted
 */
@ConfigurationProperties("companyos.agent.traffic")
public record TrafficSettings(@DefaultValue("unreleased") String release, Path forwardKeyFile) {
}
