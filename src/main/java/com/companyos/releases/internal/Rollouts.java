package com.companyos.releases.internal;

import com.companyos.agentapi.control.RequestStats;
import com.companyos.agentapi.control.TrafficSplit;
import com.companyos.agentapi.control.TrafficState;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.ConflictException;
import com.companyos.base.Hashing;
import com.companyos.base.NotFoundException;
import com.companyos.base.RegionId;
import com.companyos.regions.Region;
import com.companyos.regions.RegionRegistry;
import com.companyos.releases.Release;
import com.companyos.releases.ReleaseEvent;
import com.companyos.releases.Rollout;
import com.companyos.releases.RolloutState;
import com.companyos.releases.RolloutVerdict;
import com.companyos.releases.ReleaseProbeRuns;
import com.companyos.residency.SyntheticProbes;
import com.fasterxml.jackson.core.type.TypeReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs canary rollouts: starts the canary process, sets the region's split step by step, analyses one window per
 * interval (the router's counters of both lanes, synthetic probes forced onto the canary), and acts on each verdict —
 * wait, advance, pause for a person, or abort. An abort sends every request back to the stable release at once
 * (measured until the router confirms it), quarantines the release, and stops the canary after the drain delay.
 * Promotion makes the release the region's stable one and moves the region's agent onto it.
 *
 * <p>Every change to a rollout happens under its row lock, so the analysis and a person's action (or two consoles)
 * never act on the same rollout at once; the split's revision only grows, so a late step never undoes an abort.
 */
@Component
@EnableConfigurationProperties(ReleaseSettings.class)
public class Rollouts implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Rollouts.class);
    static final String ANALYSIS = "system:canary-analysis";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ReleaseStore store;
    private final ReleaseCatalog catalog;
    private final ReleaseManifests manifests;
    private final RegionRegistry regions;
    private final CanaryRuntime runtime;
    private final TrafficRouter router;
    private final SyntheticProbes probes;
    private final EvidenceRecorder evidence;
    private final TransactionTemplate tx;
    private final TransactionTemplate outsideTransaction;
    private final ReleaseSettings settings;
    private final CanaryAnalysis analysis;
    private final Scorecards scorecards;
    private final ObjectProvider<ReleaseProbeRuns> probeRuns;
    private final Clock clock;
    private volatile ScheduledExecutorService executor;
    /** Per rollout, the stable lane's last window with enough timed requests (this console's memory only). */
    private final Map<UUID, ReleaseSample> stableBaselines = new java.util.concurrent.ConcurrentHashMap<>();

    Rollouts(ReleaseStore store, ReleaseCatalog catalog, ReleaseManifests manifests, RegionRegistry regions, CanaryRuntime runtime, TrafficRouter router,
             SyntheticProbes probes, EvidenceRecorder evidence, TransactionTemplate tx, ReleaseSettings settings, Scorecards scorecards,
             ObjectProvider<ReleaseProbeRuns> probeRuns, Clock clock) {
        this.scorecards = scorecards;
        this.probeRuns = probeRuns;
        this.store = store;
        this.catalog = catalog;
        this.manifests = manifests;
        this.regions = regions;
        this.runtime = runtime;
        this.router = router;
        this.probes = probes;
        this.evidence = evidence;
        this.tx = tx;
        this.outsideTransaction = new TransactionTemplate(java.util.Objects.requireNonNull(tx.getTransactionManager()));
        this.outsideTransaction.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        this.settings = settings;
        this.analysis = new CanaryAnalysis(settings.thresholds());
        this.clock = clock;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "canary-analysis");
            t.setDaemon(true);
            return t;
        });
        long every = settings.analysisInterval().toMillis();
        executor.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService e = executor;
        if (e != null) {
            e.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }

    /** After the agents (they start early): a rollout is analysed only once its region's agent can be asked. */
    @Override
    public int getPhase() {
        return 0;
    }

    // ------------------------------------------------------------------ operations (people)

    /** Starts a canary of {@code version} in {@code region}; the analysis takes it from there. */
    public Rollout start(RegionId regionId, String version, List<CanaryStep> steps, Map<String, String> pins, String actor,
                         String reason, boolean retryQuarantined) {
        Region region = regions.find(regionId).orElseThrow(() -> new NotFoundException("No region " + regionId));
        List<CanaryStep> plan = steps == null || steps.isEmpty() ? settings.defaultSteps() : List.copyOf(steps);
        checkSteps(plan);
        Map<String, String> pinned = pins == null ? Map.of() : Map.copyOf(pins);
        TrafficSplit.checkPins(pinned);
        return tx.execute(status -> {
            Release release = store.release(version).orElseThrow(() -> new NotFoundException("No release " + version));
            String stable = store.stable(region.id().value()).orElseGet(catalog::builtin);
            if (stable.equals(version)) {
                throw new ConflictException("Region " + region.id() + " already runs release " + version);
            }
            store.active(region.id().value(), true).ifPresent(r -> {
                throw new ConflictException("Region " + region.id() + " has an unfinished rollout of " + r.version()
                        + " (" + r.state().value() + "); abort or finish it first");
            });
            if (release.quarantined()) {
                if (!retryQuarantined) {
                    throw new ConflictException("Release " + version + " is quarantined (" + release.quarantineReason()
                            + "); it is never retried automatically — to retry it, start again with retry set and a reason");
                }
                store.unquarantine(version);
                history(version, region.id().value(), null, "quarantine-lifted", actor, "Retried by a person: " + reason);
                evidence.record(AuditEvent.by(actor, "release.quarantine-lifted", "release:" + version).reason(reason));
            }
            Instant now = clock.instant();
            Rollout r = new Rollout(UUID.randomUUID(), region.id().value(), version, stable, RolloutState.RUNNING, plan, 0, now,
                    null, actor, reason, now, null, null, null);
            store.insert(r, randomKey(), com.companyos.base.Json.write(pinned));
            history(version, r.region(), r.id(), "canary-started", actor, "Canary of " + version + " in " + r.region()
                    + " replacing " + stable + ", steps " + weights(plan) + ": " + reason);
            evidence.record(AuditEvent.by(actor, "release.canary-started", "region:" + r.region()).reason(reason)
                    .detail("rollout", r.id().toString()).detail("release", version).detail("from", stable)
                    .detail("steps", weights(plan)));
            afterCommit(this::tick); // launch now, not at the next interval
            return r;
        });
    }

    /** Pauses a running rollout: the split stays, nothing advances or aborts automatically until it is resumed. */
    public Rollout pause(UUID id, String actor, String reason) {
        return change(id, actor, reason, r -> {
            if (r.state() != RolloutState.RUNNING) {
                throw new ConflictException("Rollout " + id + " is " + r.state().value() + ", not running");
            }
            store.state(id, RolloutState.PAUSED);
            record(r, "paused", actor, reason);
        });
    }

    /** Resumes a paused rollout; its current step starts again (its minimum duration and requests count anew). */
    public Rollout resume(UUID id, String actor, String reason) {
        return change(id, actor, reason, r -> {
            if (r.state() != RolloutState.PAUSED) {
                throw new ConflictException("Rollout " + id + " is " + r.state().value() + ", not paused");
            }
            store.state(id, RolloutState.RUNNING);
            store.step(id, r.stepIndex(), clock.instant());
            store.lastCounters(id, null);
            record(r, "resumed", actor, reason);
        });
    }

    /** A person moves the rollout to its next step now (or promotes it from the last), without waiting for analysis. */
    public Rollout promote(UUID id, String actor, String reason) {
        Rollout after = change(id, actor, reason, r -> {
            if (r.state().finished()) {
                throw new ConflictException("Rollout " + id + " is " + r.state().value());
            }
            if (r.canaryDataUrl() == null) {
                throw new ConflictException("The canary of rollout " + id + " is still starting; promote it once it serves");
            }
            if (r.state() == RolloutState.PAUSED) {
                store.state(id, RolloutState.RUNNING);
            }
            advance(r, actor, "Promoted by a person: " + reason, true);
        });
        return after;
    }

    /** A person aborts: every request back to stable, the release quarantined with the person's reason. */
    public Rollout abort(UUID id, String actor, String reason) {
        return change(id, actor, reason, r -> {
            if (r.state().finished()) {
                throw new ConflictException("Rollout " + id + " is " + r.state().value() + "; there is nothing to abort");
            }
            abortLocked(r, actor, "Aborted by a person: " + reason);
        });
    }

    /**
     * Returns {@code region} (or every region, when null) to the earlier release {@code target}: skips analysis, ends
     * any unfinished rollout there, moves the region's agent onto {@code target}, and records a signed statement of who,
     * from, to and why (its sha256 is the audit event's evidence hash). A quarantined target is refused.
     */
    public List<RollbackResult> rollback(String target, RegionId only, String actor, String reason) {
        Release to = store.release(target).orElseThrow(() -> new NotFoundException("No release " + target));
        if (to.quarantined()) {
            throw new ConflictException("Release " + target + " is quarantined (" + to.quarantineReason()
                    + "); a rollback returns to a release known to be good — pick an earlier one");
        }
        List<Region> targets = only == null ? regions.all()
                : List.of(regions.find(only).orElseThrow(() -> new NotFoundException("No region " + only)));
        List<RollbackResult> results = new ArrayList<>();
        for (Region region : targets) {
            results.add(rollbackRegion(region, to, actor, reason));
        }
        return results;
    }

    /** What a rollback did in one region. */
    public record RollbackResult(String region, String from, String to, boolean restarted, String evidenceSha256) {
    }

    private RollbackResult rollbackRegion(Region region, Release to, String actor, String reason) {
        String id = region.id().value();
        record Change(String from, Optional<Rollout> ended, String statement) {
        }
        Change change = tx.execute(status -> {
            Optional<Rollout> active = store.active(id, true);
            String from = store.stable(id).orElseGet(catalog::builtin);
            String running = active.map(Rollout::version).orElse(from);
            Instant now = clock.instant();
            active.ifPresent(r -> {
                store.end(r.id(), RolloutState.ROLLED_BACK, "Rolled back to " + to.version() + ": " + reason, now);
                sealAfterCommit(r.id());
                applyQuietly(region, TrafficSplit.stableOnly(store.nextSplitRevision(id), from));
            });
            Map<String, Object> predicate = new LinkedHashMap<>();
            predicate.put("region", id);
            predicate.put("from", running);
            predicate.put("to", to.version());
            predicate.put("by", actor);
            predicate.put("reason", reason);
            predicate.put("at", now.toString());
            predicate.put("endedRollout", active.map(r -> r.id().toString()).orElse(""));
            String statement = manifests.rollbackStatement(predicate, to.version(), to.artifactSha256());
            store.setStable(id, to.version(), now);
            history(to.version(), id, active.map(Rollout::id).orElse(null), "rolled-back-to", actor,
                    "Region " + id + " rolled back from " + running + " to " + to.version() + ": " + reason);
            if (!running.equals(to.version())) {
                history(running, id, active.map(Rollout::id).orElse(null), "rolled-back-from", actor,
                        "Region " + id + " rolled back from this release to " + to.version() + ": " + reason);
            }
            store.event(new ReleaseEvent(UUID.randomUUID(), to.version(), id, active.map(Rollout::id).orElse(null),
                    "rollback-statement", actor, statement, now));
            evidence.record(AuditEvent.by(actor, "release.rolled-back", "region:" + id).reason(reason)
                    .detail("from", running).detail("to", to.version()).detail("evidenceSha256", Hashing.sha256Hex(statement)));
            return new Change(from, active, statement);
        });
        change.ended().ifPresent(r -> runtime.stop(region));
        boolean restart = !change.from().equals(to.version());
        if (restart) {
            runtime.restartStable(region);
        }
        return new RollbackResult(id, change.ended().map(Rollout::version).orElse(change.from()), to.version(), restart,
                Hashing.sha256Hex(change.statement()));
    }

    // ------------------------------------------------------------------ the analysis loop

    /** One round: every running rollout gets one step of work. Public for tests that do not wait for the interval. */
    public void tick() {
        if (!runtime.operational()) {
            return;
        }
        scorecards.sealPending();
        for (Rollout r : store.unfinished()) {
            if (r.state() != RolloutState.RUNNING) {
                continue;
            }
            try {
                // Skip a rollout another thread or console holds right now (a person's action); it comes round again.
                tx.executeWithoutResult(status -> store.lockIfFree(r.id()).filter(l -> l.state() == RolloutState.RUNNING)
                        .ifPresent(this::work));
            } catch (RuntimeException e) {
                log.warn("Rollout {} of {} in {}: this round failed ({}); it runs again in {}", r.id(), r.version(), r.region(),
                        e.getMessage(), settings.analysisInterval(), e);
            }
        }
    }

    private void work(Rollout r) {
        Region region = regions.get(RegionId.of(r.region()));
        Release release = store.release(r.version()).orElseThrow();
        if (r.canaryDataUrl() == null) {
            CanaryRuntime.CanaryEndpoint endpoint = runtime.launch(region, ReleaseCatalog.runtime(release), store.forwardKey(r.id()));
            store.canaryEndpoint(r.id(), endpoint.dataUrl(), endpoint.controlUrl());
            store.step(r.id(), r.stepIndex(), clock.instant());
            record(r, "canary-launched", ANALYSIS, "Canary process for " + r.version() + " started in " + r.region()
                    + " (data " + endpoint.dataUrl() + "); waiting until it is ready");
            return;
        }
        CanaryRuntime.CanaryEndpoint endpoint = new CanaryRuntime.CanaryEndpoint(r.canaryDataUrl(), store.canaryControlUrl(r.id()).orElseThrow());
        TrafficState state;
        try {
            state = router.state(region);
        } catch (RuntimeException e) {
            judgeError(r, "The " + r.region() + " router could not be read: " + e.getMessage());
            return;
        }
        long revision = store.splitRevision(r.region());
        boolean inForce = state.split() != null && r.version().equals(state.split().canaryRelease())
                && state.split().revision() == revision;
        if (!inForce) {
            boolean ready;
            try {
                ready = runtime.ready(region, endpoint, r.version());
            } catch (IllegalStateException gone) {
                store.canaryEndpoint(r.id(), null, null);
                record(r, "canary-relaunching", ANALYSIS, gone.getMessage() + "; starting it again");
                return;
            }
            if (!ready) {
                if (Duration.between(r.stepStartedAt(), clock.instant()).compareTo(settings.launchTimeout()) > 0) {
                    store.state(r.id(), RolloutState.PAUSED);
                    record(r, "paused", ANALYSIS, "The canary did not become ready within " + settings.launchTimeout()
                            + "; see its agent.log. Resume to wait again, or abort");
                }
                return;
            }
            applyStep(r, region, r.stepIndex(), state.split() == null ? "set" : "set again (the router had revision "
                    + state.split().revision() + ")");
            return;
        }
        analyse(r, region, endpoint, state);
    }

    private void applyStep(Rollout r, Region region, int stepIndex, String how) {
        CanaryStep step = r.steps().get(stepIndex);
        Map<String, String> pins = new LinkedHashMap<>(store.pins(r.id()));
        // The synthetic probe tenants read through the region's endpoint as the reference: they stay on stable, and
        // the same probes are sent to the canary directly.
        probes.tenants().forEach(slug -> pins.putIfAbsent(slug, TrafficSplit.STABLE));
        // The critical-path probes' tenant of the region goes to the canary: their runs are what the canary served
        // (the scorecard's synthetic-green gate), on synthetic data only.
        probeRuns.ifAvailable(p -> p.canaryTenants(r.region()).forEach(slug -> pins.putIfAbsent(slug, TrafficSplit.CANARY)));
        TrafficSplit split = new TrafficSplit(store.nextSplitRevision(r.region()), r.fromVersion(), r.version(), r.canaryDataUrl(),
                step.weightPercent(), pins, store.forwardKey(r.id()));
        router.apply(region, split);
        store.step(r.id(), stepIndex, clock.instant());
        store.lastCounters(r.id(), null);
        record(r, "step-started", ANALYSIS, "Step " + (stepIndex + 1) + " of " + r.steps().size() + ": " + step.weightPercent()
                + " % of " + r.region() + "'s tenant requests to " + r.version() + " (split revision " + split.revision() + " " + how + ")");
    }

    private void analyse(Rollout r, Region region, CanaryRuntime.CanaryEndpoint endpoint, TrafficState state) {
        Instant now = clock.instant();
        Map<String, RequestStats> previous = store.lastCounters(r.id())
                .map(json -> ReleaseStore.read(json, new TypeReference<Map<String, RequestStats>>() { })).orElse(Map.of());
        RequestStats stable = state.served().get(TrafficSplit.STABLE);
        RequestStats canary = state.served().get(TrafficSplit.CANARY);
        Instant windowStart = Optional.ofNullable(previous.get(TrafficSplit.CANARY)).map(RequestStats::at).orElse(r.stepStartedAt());
        List<SyntheticProbes.ProbeComparison> checks;
        try {
            // Outside this rollout's transaction: the probes use the tenant services, whose own transactions (and
            // expected refusals, e.g. a probe tenant not created yet) must not mark this one rollback-only.
            checks = outsideTransaction.execute(status -> probes.compare(URI.create(endpoint.dataUrl() + "/"),
                    URI.create(region.dataUrl() + "/")));
        } catch (RuntimeException e) {
            checks = null;
            log.warn("Synthetic probes for the canary of {} in {} could not run: {}", r.version(), r.region(), e.getMessage());
        }
        SyntheticResult synthetic = checks == null || checks.isEmpty() ? SyntheticResult.notRun()
                : new SyntheticResult(checks.size(), (int) checks.stream().filter(SyntheticProbes.ProbeComparison::failed).count(),
                checks.stream().filter(SyntheticProbes.ProbeComparison::failed).map(c -> c.tenant() + ": " + c.detail())
                        .reduce((a, b) -> a + "; " + b).orElse("every probe answered as the stable release did"));
        long violations = checks == null ? 0 : checks.stream().filter(SyntheticProbes.ProbeComparison::residencyViolation).count();
        ReleaseSample stableSample = delta(stable, previous.get(TrafficSplit.STABLE));
        boolean baseline = false;
        if (stableSample.writes() >= settings.minWindowRequests()) {
            stableBaselines.put(r.id(), stableSample);
        } else if (r.step().weightPercent() == 100 && stableSample.requests() == 0 && stableBaselines.containsKey(r.id())) {
            // At 100 % the stable release serves nothing to compare with: its last full window is the baseline.
            stableSample = stableBaselines.get(r.id());
            baseline = true;
        }
        AnalysisWindow window = new AnalysisWindow(windowStart, now, stableSample, delta(canary, previous.get(TrafficSplit.CANARY)),
                synthetic, violations, null);
        WindowVerdict verdict = analysis.judge(window);
        if (baseline) {
            verdict = new WindowVerdict(verdict.decisionId(), verdict.at(), verdict.outcome(), verdict.signals(), verdict.tripped(),
                    verdict.rationale() + " (Stable baseline: its last full window before this step; at 100 % it serves no request.)");
        }
        long servedCanary = canary == null ? 0 : canary.requests();
        long servedTotal = servedCanary + (stable == null ? 0 : stable.requests());
        decide(r, verdict, window, servedCanary, servedTotal);
        store.lastCounters(r.id(), com.companyos.base.Json.write(state.served()));
    }

    private void judgeError(Rollout r, String error) {
        Instant now = clock.instant();
        ReleaseSample none = new ReleaseSample(0, 0, 0, List.of());
        AnalysisWindow window = new AnalysisWindow(r.stepStartedAt(), now, none, none, SyntheticResult.notRun(), 0, error);
        decide(r, analysis.judge(window), window, 0, 0);
    }

    private void decide(Rollout r, WindowVerdict verdict, AnalysisWindow window, long servedCanary, long servedTotal) {
        List<WindowVerdict> history = new ArrayList<>(store.verdicts(r.id(), r.stepIndex()).stream().map(Rollouts::window).toList());
        history.add(verdict);
        StepDecision decision = StepJudge.decide(r.step(), Duration.between(r.stepStartedAt(), window.end()), servedCanary, servedTotal, history);
        store.insert(new RolloutVerdict(verdict.decisionId(), r.id(), r.stepIndex(), r.step().weightPercent(), verdict.outcome().name(),
                verdict.signals(), verdict.tripped(), verdict.rationale(), decision.action().name(), decision.reason(), servedCanary,
                servedTotal, Map.of(TrafficSplit.STABLE, lane(window.stable()), TrafficSplit.CANARY, lane(window.canary())),
                window.start(), window.end()));
        switch (decision.action()) {
            case WAIT -> { }
            case ADVANCE -> advance(r, ANALYSIS, decision.reason(), false);
            case PAUSE -> {
                store.state(r.id(), RolloutState.PAUSED);
                record(r, "paused", ANALYSIS, decision.reason() + " (decision " + verdict.decisionId() + ")");
            }
            case ABORT -> abortLocked(r, ANALYSIS, decision.reason() + " (decision " + verdict.decisionId() + ", tripped: "
                    + verdict.tripped() + ")");
        }
    }

    static WindowVerdict window(RolloutVerdict v) {
        return new WindowVerdict(v.decisionId(), v.windowEnd(), Outcome.valueOf(v.outcome()), v.signals(), v.tripped(), v.rationale());
    }

    /**
     * Next step, or promotion after the last (called under the rollout's lock). Going to 100 % — into a step of 100 %, or
     * promotion after it — needs the release's scorecard to say go, judged now: a person's promotion is refused (409,
     * the gates named); the analysis' is held (paused, for a person) when gates did not run, and aborted when a gate failed.
     */
    private void advance(Rollout r, String actor, String why, boolean person) {
        Region region = regions.get(RegionId.of(r.region()));
        boolean toAllTraffic = r.stepIndex() + 1 >= r.steps().size() || r.steps().get(r.stepIndex() + 1).weightPercent() == 100;
        if (toAllTraffic) {
            com.companyos.releases.ReleaseScorecard card = scorecards.judgeForPromotion(r, actor, person);
            if (!card.go()) {
                String reason = "Promotion to 100 % refused, the scorecard says " + ScorecardRules.reason(card.gates());
                if (person) {
                    scorecards.recordRefusal(r, actor, card);
                    throw new com.companyos.releases.PromotionRefusedException(card);
                }
                if (ScorecardRules.failed(card.gates())) {
                    abortLocked(r, ANALYSIS, reason);
                } else {
                    store.state(r.id(), RolloutState.PAUSED);
                    record(r, "promotion-held", ANALYSIS, reason + ". The rollout is paused: resume to judge the gates again, or abort");
                }
                return;
            }
        }
        if (r.stepIndex() + 1 < r.steps().size()) {
            record(r, "step-passed", actor, "Step " + (r.stepIndex() + 1) + " (" + r.step().weightPercent() + " %) passed: " + why);
            applyStep(r, region, r.stepIndex() + 1, "set");
            return;
        }
        Instant now = clock.instant();
        stableBaselines.remove(r.id());
        store.end(r.id(), RolloutState.PROMOTED, why, now);
        store.setStable(r.region(), r.version(), now);
        record(r, "promoted", actor, r.version() + " is the stable release of " + r.region() + ": " + why);
        sealAfterCommit(r.id());
        evidence.record(AuditEvent.by(actor, "release.promoted", "region:" + r.region()).reason(why)
                .detail("rollout", r.id().toString()).detail("release", r.version()).detail("from", r.fromVersion()));
        // After the commit: the region's agent restarts on the new release (the canary serves everything meanwhile),
        // then the canary process goes.
        afterCommit(() -> {
            runtime.restartStable(region);
            runtime.stop(region);
        });
    }

    /** Everything back to stable, measured; the release quarantined; the canary stopped after the drain delay. */
    private void abortLocked(Rollout r, String actor, String why) {
        Region region = regions.get(RegionId.of(r.region()));
        long started = System.nanoTime();
        Long millis = null;
        try {
            TrafficState after = router.apply(region, TrafficSplit.stableOnly(store.nextSplitRevision(r.region()), r.fromVersion()));
            if (after.split() == null || after.split().canaryRelease() == null) {
                millis = (System.nanoTime() - started) / 1_000_000;
            }
        } catch (RuntimeException e) {
            log.error("Abort of rollout {}: the {} router could not be told to send everything to stable ({}); its canary is "
                    + "stopped now instead", r.id(), r.region(), e.getMessage());
        }
        Instant now = clock.instant();
        stableBaselines.remove(r.id());
        store.end(r.id(), RolloutState.ABORTED, why, now);
        if (millis != null) {
            store.abortToStable(r.id(), millis);
        }
        store.quarantine(r.version(), actor, why, now);
        record(r, "aborted", actor, why + (millis == null ? "" : " — all traffic on " + r.fromVersion() + " " + millis + " ms after the verdict"));
        history(r.version(), r.region(), r.id(), "quarantined", actor, "Quarantined: never rolled out again automatically");
        evidence.record(AuditEvent.by(actor, "release.aborted", "region:" + r.region()).reason(why)
                .detail("rollout", r.id().toString()).detail("release", r.version()).detail("stable", r.fromVersion())
                .detail("abortToStableMillis", millis == null ? -1 : millis));
        sealAfterCommit(r.id()); // before the canary stops: a scorecard never judged can still ask it
        long drain = millis == null ? 0 : settings.drainDelay().toMillis();
        afterCommit(() -> executor.schedule(() -> runtime.stop(region), drain, TimeUnit.MILLISECONDS));
    }

    // ------------------------------------------------------------------ helpers

    private Rollout change(UUID id, String actor, String reason, java.util.function.Consumer<Rollout> action) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A reason is required");
        }
        return tx.execute(status -> {
            Rollout r = store.lock(id).orElseThrow(() -> new NotFoundException("No rollout " + id));
            action.accept(r);
            return store.rollout(id).orElseThrow();
        });
    }

    private void afterCommit(Runnable work) {
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        executor.execute(() -> {
                            try {
                                work.run();
                            } catch (RuntimeException e) {
                                log.error("Follow-up of a rollout change failed: {}", e.getMessage(), e);
                            }
                        });
                    }
                });
    }

    private void sealAfterCommit(UUID rollout) {
        afterCommit(() -> scorecards.seal(rollout, Scorecards.SYSTEM));
    }

    private void applyQuietly(Region region, TrafficSplit split) {
        try {
            router.apply(region, split);
        } catch (RuntimeException e) {
            log.warn("The {} router could not be set to {}: {}", region.id(), split.withoutKey(), e.getMessage());
        }
    }

    private void record(Rollout r, String kind, String actor, String detail) {
        history(r.version(), r.region(), r.id(), kind, actor, detail);
        evidence.record(AuditEvent.by(actor, "release." + kind, "region:" + r.region()).reason(detail)
                .detail("rollout", r.id().toString()).detail("release", r.version()));
        log.info("Rollout {} of {} in {}: {} — {}", r.id(), r.version(), r.region(), kind, detail);
    }

    private void history(String version, String region, UUID rollout, String kind, String actor, String detail) {
        store.event(new ReleaseEvent(UUID.randomUUID(), version, region, rollout, kind, actor, detail, clock.instant()));
    }

    private static com.companyos.releases.LaneSample lane(ReleaseSample s) {
        Double p99 = s.writes() > 0 && P99.problem(s.latency()) == null && !s.latency().isEmpty() ? P99.of(s.latency()).millis() : null;
        return new com.companyos.releases.LaneSample(s.requests(), s.serverErrors(), s.writes(), p99);
    }

    private static ReleaseSample delta(RequestStats now, RequestStats before) {
        if (now == null) {
            return new ReleaseSample(0, 0, 0, List.of());
        }
        boolean same = before != null && before.epoch().equals(now.epoch());
        List<LatencyBucket> buckets = new ArrayList<>();
        for (int i = 0; i < now.writeLatency().size(); i++) {
            RequestStats.Bucket b = now.writeLatency().get(i);
            long prior = same && i < before.writeLatency().size() ? before.writeLatency().get(i).count() : 0;
            buckets.add(new LatencyBucket(b.infinite() ? LatencyBucket.UNBOUNDED : b.leMillis(), b.count() - prior));
        }
        return new ReleaseSample(now.requests() - (same ? before.requests() : 0), now.serverErrors() - (same ? before.serverErrors() : 0),
                now.writes() - (same ? before.writes() : 0), buckets);
    }

    private static void checkSteps(List<CanaryStep> steps) {
        if (steps.get(steps.size() - 1).weightPercent() != 100) {
            throw new IllegalArgumentException("The last step of a rollout must be 100 %; got " + weights(steps));
        }
        if (steps.size() < 2) {
            throw new IllegalArgumentException("A rollout needs a step below 100 % before the last: the release's scorecard is judged "
                    + "before the canary takes all traffic; got " + weights(steps));
        }
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).weightPercent() <= steps.get(i - 1).weightPercent()) {
                throw new IllegalArgumentException("Each step must send more traffic to the canary than the one before; got " + weights(steps));
            }
        }
    }

    static String weights(List<CanaryStep> steps) {
        return String.join(" → ", steps.stream().map(s -> s.weightPercent() + " %").toList());
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return HexFormat.of().formatHex(key);
    }
}
