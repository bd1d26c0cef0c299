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
 * @param canary         this process is a canary beside the region's running agent, on the same regional database:
 *                       its start is not a restart of the region (the region's agent kept serving), so the tenants'
 *                       confirmed roles stay confirmed instead of waiting for the control plane again — which would
 *                       answer every write of the region 503 until the next directory sync
 */
@ConfigurationProperties("companyos.agent.traffic")
public record TrafficSettings(@DefaultValue("unreleased") String release, Path forwardKeyFile, @DefaultValue("false") boolean canary) {

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public TrafficSettings {
    }

    /** A process that is not a canary. */
    public TrafficSettings(String release, Path forwardKeyFile) {
        this(release, forwardKeyFile, false);
    }
}
