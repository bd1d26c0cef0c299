package com.companyos.releases.internal;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Actor;
import com.companyos.base.RegionId;
import com.companyos.policy.PolicyChannel;
import com.companyos.policyadmin.PolicyBundles;
import com.companyos.regions.AgentRelease;
import com.companyos.regions.AgentReleases;
import com.companyos.regions.RegionRegistry;
import com.companyos.releases.Release;
import com.companyos.releases.ReleaseEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Registers releases (signed manifests) and answers which release each region's agent runs. On the first question
 * after a start it registers this console's own build as a release ({@code <version>+<sha256 prefix>}, artifact
 * {@code builtin:}) and moves every region that ran an older built-in release onto it (the embedded default's agents
 * are this build: a rebuilt console brings its agents along, recorded as a history event). A region on an uploaded
 * release stays on it.
 */
@Component
public class ReleaseCatalog implements AgentReleases {

    private static final Logger log = LoggerFactory.getLogger(ReleaseCatalog.class);

    private final ReleaseStore store;
    private final ReleaseManifests manifests;
    private final PolicyBundles policies;
    private final RegionRegistry regions;
    private final EvidenceRecorder evidence;
    private final TransactionTemplate tx;
    private final Clock clock;
    private volatile String builtinVersion;

    ReleaseCatalog(ReleaseStore store, ReleaseManifests manifests, PolicyBundles policies, RegionRegistry regions,
                   EvidenceRecorder evidence, TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.manifests = manifests;
        this.policies = policies;
        this.regions = regions;
        this.evidence = evidence;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public AgentRelease stable(RegionId region) {
        String builtin = builtin();
        String version = store.stable(region.value()).orElse(builtin);
        return store.release(version).map(ReleaseCatalog::runtime).orElseGet(() -> AgentRelease.builtin(builtin));
    }

    static AgentRelease runtime(Release r) {
        return new AgentRelease(r.version(), r.builtin() ? null : Path.of(r.artifactPath()), r.config());
    }

    /** This build's release version, registered (with every region's stable release set) on first use. */
    public synchronized String builtin() {
        if (builtinVersion != null) {
            return builtinVersion;
        }
        ReleaseArtifacts.Stored code = ReleaseArtifacts.builtin();
        String build = Release.class.getPackage().getImplementationVersion();
        String version = (build == null ? "dev" : build) + "+" + code.sha256().substring(0, 12);
        tx.executeWithoutResult(status -> {
            Instant now = clock.instant();
            if (store.release(version).isEmpty()) {
                insert(version, Release.BUILTIN, code.sha256(), code.bytes(), Map.of(), null, Actor.SYSTEM,
                        "The console's own build (" + code.path().getFileName() + "), registered at start", now);
            }
            Map<String, String> current = store.stableByRegion();
            for (var region : regions.all()) {
                String id = region.id().value();
                String was = current.get(id);
                if (was == null) {
                    store.initStable(id, version, now);
                } else if (!was.equals(version) && store.release(was).map(Release::builtin).orElse(true)) {
                    store.setStable(id, version, now);
                    store.event(new ReleaseEvent(UUID.randomUUID(), version, id, null, "stable-with-console", Actor.SYSTEM,
                            "Region " + id + " ran the earlier built-in release " + was + "; its agent now runs this console's build", now));
                    evidence.record(AuditEvent.by(Actor.SYSTEM, "release.stable-changed", "region:" + id)
                            .detail("from", was).detail("to", version).reason("the console was upgraded; built-in agents follow it"));
                }
            }
        });
        log.info("This build is release {}", version);
        builtinVersion = version;
        return version;
    }

    /** Inserts a signed release; false if the version exists. */
    boolean insert(String version, String artifactPath, String sha256, long bytes, Map<String, String> config, String replaces,
                   String actor, String reason, Instant now) {
        String channel = PolicyChannel.STANDARD.folder();
        String policyVersion = "none";
        String policySha = "0".repeat(64);
        try {
            var bundle = policies.current(PolicyChannel.STANDARD);
            policyVersion = bundle.version();
            policySha = bundle.sha256();
        } catch (RuntimeException e) {
            log.info("No current policy bundle yet while registering release {}: recorded as none", version);
        }
        ReleaseManifests.Signed signed = manifests.sign(version, artifactPath, sha256, bytes, config, channel, policyVersion, policySha,
                replaces, actor, reason, now);
        Release r = new Release(version, artifactPath, sha256, bytes, config, ReleaseManifests.configSha256(config), channel,
                policyVersion, policySha, replaces, actor, reason, now, signed.manifest(), signed.envelope(), null, null, null);
        if (!store.insert(r)) {
            return false;
        }
        store.event(new ReleaseEvent(UUID.randomUUID(), version, null, null, "registered", actor, reason, now));
        evidence.record(AuditEvent.by(actor, "release.registered", "release:" + version).reason(reason)
                .detail("artifactSha256", sha256).detail("configSha256", r.configSha256()).detail("policyBundle", policyVersion));
        return true;
    }
}
