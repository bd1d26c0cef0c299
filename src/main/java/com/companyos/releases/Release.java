package com.companyos.releases;

import java.time.Instant;
import java.util.Map;

/**
 * A release of the data plane: an immutable manifest — version, the agent artifact and its sha256, the configuration
 * it runs with and that configuration's digest, the policy bundle in force when it was registered, the release it
 * replaces, who registered it and why — signed by the platform (a DSSE envelope around an in-toto statement). A
 * quarantined release (aborted by canary analysis, or by a person) is never rolled out again automatically, and never
 * the target of a rollback.
 */
public record Release(String version, String artifactPath, String artifactSha256, long artifactBytes, Map<String, String> config,
                      String configSha256, String policyChannel, String policyVersion, String policySha256, String replaces,
                      String createdBy, String reason, Instant createdAt, String manifest, String envelope,
                      Instant quarantinedAt, String quarantinedBy, String quarantineReason) {

    /** The artifact path of a release that runs the console's own build. */
    public static final String BUILTIN = "builtin:";

    public boolean quarantined() {
        return quarantinedAt != null;
    }

    public boolean builtin() {
        return BUILTIN.equals(artifactPath);
    }
}
