package com.companyos.releases;

import com.companyos.base.Actor;
import com.companyos.base.NotFoundException;
import com.companyos.base.RegionId;
import com.companyos.base.Roles;
import com.companyos.regions.RegionRegistry;
import com.companyos.releases.internal.CanaryStep;
import com.companyos.releases.internal.ReleaseCatalog;
import com.companyos.releases.internal.ReleaseStore;
import com.companyos.releases.internal.Rollouts;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Releases for people (console, REST API, CLI): register a signed release, start a canary in a region, watch its
 * verdicts, pause, resume, promote or abort it, and roll a region (or all) back to an earlier release. Authorization
 * is here: operators and admins act, every staff role reads. Every action needs a reason and is audited.
 */
@Service
public class ReleaseService {

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    /** The agent settings a release may carry: its faults (drills), limits and log levels — never identity or storage. */
    private static final List<String> CONFIG_PREFIXES = List.of("companyos.agent.faults.", "companyos.agent.write-timeout",
            "companyos.agent.max-body-bytes", "logging.level.");

    private final ReleaseStore store;
    private final ReleaseCatalog catalog;
    private final Rollouts rollouts;
    private final RegionRegistry regions;
    private final com.companyos.releases.internal.ReleaseUploads uploads;
    private final com.companyos.releases.internal.Scorecards scorecards;

    ReleaseService(ReleaseStore store, ReleaseCatalog catalog, Rollouts rollouts, RegionRegistry regions,
                   com.companyos.releases.internal.ReleaseUploads uploads, com.companyos.releases.internal.Scorecards scorecards) {
        this.scorecards = scorecards;
        this.store = store;
        this.catalog = catalog;
        this.rollouts = rollouts;
        this.regions = regions;
        this.uploads = uploads;
    }

    @PreAuthorize(Roles.ANY_STAFF)
    public List<Release> list() {
        catalog.builtin();
        return store.releases();
    }

    @PreAuthorize(Roles.ANY_STAFF)
    public Release get(String version) {
        return store.release(version).orElseThrow(() -> new NotFoundException("No release " + version));
    }

    /** A release with its history: events, rollouts (newest first) and each rollout's verdicts. */
    @PreAuthorize(Roles.ANY_STAFF)
    public ReleaseHistory history(String version) {
        Release release = get(version);
        List<ReleaseHistory.RolloutHistory> rolloutHistory = new ArrayList<>();
        for (Rollout r : store.rollouts(version)) {
            rolloutHistory.add(new ReleaseHistory.RolloutHistory(r, store.verdicts(r.id(), -1)));
        }
        return new ReleaseHistory(release, store.events(version), rolloutHistory);
    }

    /** What each region runs now, with its unfinished rollout. */
    /**
     * The release's scorecard: of its newest rollout (or {@code rolloutId}'s) — sealed once that rollout ended, else the
     * last judgement, with the gates that can be judged now judged again — or, never canaried, with every canary gate
     * not run (no-go).
     */
    @PreAuthorize(Roles.ANY_STAFF)
    public ReleaseScorecard scorecard(String version, UUID rolloutId) {
        return scorecards.current(version, rolloutId);
    }

    /** The evidence bundle of the release's newest sealed scorecard (or {@code rolloutId}'s); 409 before one is sealed. */
    @PreAuthorize(Roles.ANY_STAFF)
    public ReleaseEvidence evidence(String version, UUID rolloutId) {
        return scorecards.evidenceBundle(version, rolloutId);
    }

    @PreAuthorize(Roles.ANY_STAFF)
    public List<RegionRelease> regions() {
        String builtin = catalog.builtin();
        Map<String, String> stable = store.stableByRegion();
        return regions.all().stream().map(r -> new RegionRelease(r.id().value(), stable.getOrDefault(r.id().value(), builtin),
                store.active(r.id().value(), false).orElse(null))).toList();
    }

    @PreAuthorize(Roles.ANY_STAFF)
    public Rollout rollout(UUID id) {
        return store.rollout(id).orElseThrow(() -> new NotFoundException("No rollout " + id));
    }

    @PreAuthorize(Roles.ANY_STAFF)
    public List<RolloutVerdict> verdicts(UUID rolloutId) {
        rollout(rolloutId);
        return store.verdicts(rolloutId, -1);
    }

    @PreAuthorize(Roles.ANY_STAFF)
    public List<Rollout> recentRollouts(int limit) {
        return store.recentRollouts(Math.max(1, Math.min(limit, 200)));
    }

    /**
     * Registers a release. Its artifact is the uploaded agent jar ({@code artifact}), or the artifact of the earlier
     * release {@code registration.artifactOf()} (a configuration-only release). A version is immutable: registering an
     * existing one with the same artifact and configuration returns it; with anything else is refused.
     */
    @PreAuthorize(Roles.OPERATORS)
    public Release register(ReleaseRegistration registration, InputStream artifact) {
        String version = registration.version() == null ? "" : registration.version().trim();
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("A release version is 1-64 letters, digits, '.', '_', '+' or '-', starting with a "
                    + "letter or digit; got '" + registration.version() + "'");
        }
        String reason = reason(registration.reason());
        for (Map.Entry<String, String> e : registration.config().entrySet()) {
            if (CONFIG_PREFIXES.stream().noneMatch(e.getKey()::startsWith)) {
                throw new IllegalArgumentException("A release may set " + String.join(", ", CONFIG_PREFIXES) + "*; not " + e.getKey());
            }
            if (e.getValue() == null || e.getValue().contains("\n") || e.getValue().length() > 200) {
                throw new IllegalArgumentException("The value of " + e.getKey() + " must be one line of at most 200 characters");
            }
        }
        boolean upload = artifact != null;
        boolean reuse = registration.artifactOf() != null && !registration.artifactOf().isBlank();
        if (upload == reuse) {
            throw new IllegalArgumentException("Give the release exactly one artifact: upload the agent jar, or name the release "
                    + "whose artifact it reuses (artifactOf)");
        }
        return uploads.register(version, registration.artifactOf(), registration.config(), artifact, Actor.current(), reason);
    }

    @PreAuthorize(Roles.OPERATORS)
    public Rollout startCanary(String region, String version, String reason, boolean retryQuarantined, Map<String, String> pins,
                               List<CanaryStep> steps) {
        return rollouts.start(RegionId.of(region), version, steps, pins, Actor.current(), reason(reason), retryQuarantined);
    }

    @PreAuthorize(Roles.OPERATORS)
    public Rollout pause(UUID rollout, String reason) {
        return rollouts.pause(rollout, Actor.current(), reason(reason));
    }

    @PreAuthorize(Roles.OPERATORS)
    public Rollout resume(UUID rollout, String reason) {
        return rollouts.resume(rollout, Actor.current(), reason(reason));
    }

    @PreAuthorize(Roles.OPERATORS)
    public Rollout promote(UUID rollout, String reason) {
        return rollouts.promote(rollout, Actor.current(), reason(reason));
    }

    @PreAuthorize(Roles.OPERATORS)
    public Rollout abort(UUID rollout, String reason) {
        return rollouts.abort(rollout, Actor.current(), reason(reason));
    }

    /** Returns {@code region} (every region when null or blank) to release {@code to}. */
    @PreAuthorize(Roles.OPERATORS)
    public List<Rollouts.RollbackResult> rollback(String to, String region, String reason) {
        if (to == null || to.isBlank()) {
            throw new IllegalArgumentException("Name the release to roll back to (--to <release>)");
        }
        return rollouts.rollback(to.trim(), region == null || region.isBlank() ? null : RegionId.of(region.trim()),
                Actor.current(), reason(reason));
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A reason is required: say why");
        }
        if (reason.length() > 1000) {
            throw new IllegalArgumentException("A reason is at most 1,000 characters");
        }
        return reason.trim();
    }
}
