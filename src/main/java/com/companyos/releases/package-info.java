/**
 * Releases of the data plane and how they reach the regions: signed release manifests (agent artifact, its sha256,
 * configuration digest, policy bundle), canary rollouts per region (weighted split in the region's data path, step by
 * step, judged by multi-signal analysis, aborted automatically), quarantine, {@code rollback --to}, and each rollout's
 * signed release scorecard whose required gates decide whether it may go to 100 % ({@link
 * com.companyos.releases.ReleaseProbeRuns} is what the probes module provides to it). Calls regions (agents, the local
 * supervisor), policyadmin (the bundle a release runs with), residency (synthetic probes), audit and pki; see ADRs 0013
 * and 0014.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Releases", allowedDependencies = {"base", "db", "audit", "security", "keys",
        "pki", "policy", "policyadmin", "regions", "residency", "agentapi", "agentapi::control"})
package com.companyos.releases;
