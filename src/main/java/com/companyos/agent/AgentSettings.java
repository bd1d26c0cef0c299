package com.companyos.agent;

import com.companyos.base.RegionId;
import com.companyos.base.Zone;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The agent's own settings ({@code companyos.agent.*}).
 *
 * @param region    the region this agent serves ({@code --region=eu-west})
 * @param zone      the residency zone of that region
 * @param parentPid when launched by a local console (embedded default): the console's pid; the agent exits when that
 *                  process is gone, so no agent outlives its console. 0 when deployed on its own.
 * @param dataPort  the port of the tenant data API (server TLS, tenant API tokens); the control API keeps the
 *                  mutual-TLS port ({@code server.port})
 * @param objectsDirectory where tenants' objects are stored (the region's object store; a folder in the embedded
 *                  default)
 * @param controlPlaneUrl the console's internal API (mutual TLS), where policy bundles are fetched
 * @param platformSigningCertificate the platform's policy-signing certificate (bundles must verify with its key)
 * @param signingKey this region's Ed25519 receipt-signing key, with {@code signingCertificate}
 * @param maxBodyBytes the largest request body the tenant data API accepts (default 1 MiB); a larger one is refused
 *                  with 413 before any of it is read
 * @param writeTimeout how long a governed write may wait for the group-commit writer to take it (default 10 s): one
 *                  not taken by then is withdrawn and answered 503, not stored (retry); one taken is answered with what
 *                  its batch did. Keep it below the request timeout of tenant applications, so that a client that
 *                  gave up never leaves a write behind that commits later
 */
@ConfigurationProperties("companyos.agent")
public record AgentSettings(RegionId region, Zone zone, @DefaultValue("0") long parentPid, int dataPort,
                            java.nio.file.Path objectsDirectory, java.net.URI controlPlaneUrl,
                            java.nio.file.Path platformSigningCertificate, java.nio.file.Path signingKey,
                            java.nio.file.Path signingCertificate, @DefaultValue("1048576") long maxBodyBytes,
                            @DefaultValue("10s") java.time.Duration writeTimeout, String partition) {

    public AgentSettings {
        if (region == null || zone == null) {
            throw new IllegalArgumentException(
                    "An agent needs --region=<id> and companyos.agent.zone (EU, US or APAC); got region=" + region + ", zone=" + zone);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("companyos.agent.max-body-bytes must be at least 1024; got " + maxBodyBytes);
        }
        partition = partition == null || partition.isBlank() ? null : partition.trim();
        if (partition != null) {
            com.companyos.pki.SpiffeId.dcp(region, partition); // validates the slug
        }
        if (writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("companyos.agent.write-timeout must be positive; got " + writeTimeout);
        }
    }

    /** Whether this agent serves one tenant's Dedicated Compliance Partition. */
    public boolean dedicated() {
        return partition != null;
    }

    /** Whether this agent may hold tenant {@code slug}: any, for a shared agent; only its own, for a DCP agent. */
    public boolean serves(String slug) {
        return partition == null || partition.equals(slug);
    }

    /** The identity this agent serves under. */
    public com.companyos.pki.SpiffeId identity() {
        return com.companyos.pki.SpiffeId.agent(region, partition);
    }
}
