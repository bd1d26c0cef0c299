package com.companyos.releases.internal;

import com.companyos.base.Json;
import com.companyos.db.tables.records.ReleaseRecord;
import com.companyos.db.tables.records.RolloutRecord;
import com.companyos.db.tables.records.RolloutVerdictRecord;
import com.companyos.releases.Release;
import com.companyos.releases.ReleaseEvent;
import com.companyos.releases.Rollout;
import com.companyos.releases.RolloutState;
import com.companyos.releases.RolloutVerdict;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.db.Tables.REGION_RELEASE;
import static com.companyos.db.Tables.RELEASE;
import static com.companyos.db.Tables.RELEASE_EVENT;
import static com.companyos.db.Tables.ROLLOUT;
import static com.companyos.db.Tables.ROLLOUT_VERDICT;

/** The {@code release}, {@code region_release}, {@code rollout}, {@code rollout_verdict} and {@code release_event} tables. */
@Repository
public class ReleaseStore {

    private static final ObjectMapper JSON = Json.mapper();

    private final DSLContext db;

    ReleaseStore(DSLContext db) {
        this.db = db;
    }

    /** Inserts a release; false when the version exists already (versions are immutable). */
    public boolean insert(Release r) {
        return db.insertInto(RELEASE)
                .set(RELEASE.VERSION, r.version()).set(RELEASE.ARTIFACT_PATH, r.artifactPath())
                .set(RELEASE.ARTIFACT_SHA256, r.artifactSha256()).set(RELEASE.ARTIFACT_BYTES, r.artifactBytes())
                .set(RELEASE.CONFIG, Json.write(r.config())).set(RELEASE.CONFIG_SHA256, r.configSha256())
                .set(RELEASE.POLICY_CHANNEL, r.policyChannel()).set(RELEASE.POLICY_VERSION, r.policyVersion())
                .set(RELEASE.POLICY_SHA256, r.policySha256()).set(RELEASE.REPLACES, r.replaces())
                .set(RELEASE.CREATED_BY, r.createdBy()).set(RELEASE.REASON, r.reason()).set(RELEASE.CREATED_AT, at(r.createdAt()))
                .set(RELEASE.MANIFEST, r.manifest()).set(RELEASE.ENVELOPE, r.envelope())
                .onConflictDoNothing().execute() == 1;
    }

    public Optional<Release> release(String version) {
        return db.selectFrom(RELEASE).where(RELEASE.VERSION.eq(version)).fetchOptional().map(ReleaseStore::release);
    }

    public List<Release> releases() {
        return db.selectFrom(RELEASE).orderBy(RELEASE.CREATED_AT.desc(), RELEASE.VERSION).fetch().map(ReleaseStore::release);
    }

    /** Quarantines a release (idempotent: the first quarantine's who and why are kept). */
    public boolean quarantine(String version, String actor, String reason, Instant now) {
        return db.update(RELEASE).set(RELEASE.QUARANTINED_AT, at(now)).set(RELEASE.QUARANTINED_BY, actor)
                .set(RELEASE.QUARANTINE_REASON, reason)
                .where(RELEASE.VERSION.eq(version).and(RELEASE.QUARANTINED_AT.isNull())).execute() == 1;
    }

    public void unquarantine(String version) {
        db.update(RELEASE).setNull(RELEASE.QUARANTINED_AT).setNull(RELEASE.QUARANTINED_BY).setNull(RELEASE.QUARANTINE_REASON)
                .where(RELEASE.VERSION.eq(version)).execute();
    }

    // --- region_release

    public Optional<String> stable(String region) {
        return db.select(REGION_RELEASE.STABLE_VERSION).from(REGION_RELEASE).where(REGION_RELEASE.REGION_ID.eq(region))
                .fetchOptional(REGION_RELEASE.STABLE_VERSION);
    }

    public Map<String, String> stableByRegion() {
        return db.select(REGION_RELEASE.REGION_ID, REGION_RELEASE.STABLE_VERSION).from(REGION_RELEASE)
                .fetchMap(REGION_RELEASE.REGION_ID, REGION_RELEASE.STABLE_VERSION);
    }

    /** Sets the region's stable release if it has none yet (first start). */
    public void initStable(String region, String version, Instant now) {
        db.insertInto(REGION_RELEASE).set(REGION_RELEASE.REGION_ID, region).set(REGION_RELEASE.STABLE_VERSION, version)
                .set(REGION_RELEASE.UPDATED_AT, at(now)).onConflictDoNothing().execute();
    }

    public void setStable(String region, String version, Instant now) {
        db.update(REGION_RELEASE).set(REGION_RELEASE.STABLE_VERSION, version).set(REGION_RELEASE.UPDATED_AT, at(now))
                .where(REGION_RELEASE.REGION_ID.eq(region)).execute();
    }

    /** The next revision of the region's traffic split (only grows, across consoles: a row update). */
    public long nextSplitRevision(String region) {
        return db.update(REGION_RELEASE).set(REGION_RELEASE.SPLIT_REVISION, REGION_RELEASE.SPLIT_REVISION.plus(1))
                .where(REGION_RELEASE.REGION_ID.eq(region)).returning(REGION_RELEASE.SPLIT_REVISION).fetchOne()
                .getSplitRevision();
    }

    // --- rollouts

    public void insert(Rollout r, String forwardKey, String pins) {
        db.insertInto(ROLLOUT)
                .set(ROLLOUT.FORWARD_KEY, forwardKey).set(ROLLOUT.PINS, pins)
                .set(ROLLOUT.ID, r.id()).set(ROLLOUT.REGION_ID, r.region()).set(ROLLOUT.VERSION, r.version())
                .set(ROLLOUT.FROM_VERSION, r.fromVersion()).set(ROLLOUT.STATE, r.state().value()).set(ROLLOUT.STEPS, Json.write(r.steps()))
                .set(ROLLOUT.STEP_INDEX, r.stepIndex()).set(ROLLOUT.STEP_STARTED_AT, at(r.stepStartedAt()))
                .set(ROLLOUT.STARTED_BY, r.startedBy()).set(ROLLOUT.REASON, r.reason()).set(ROLLOUT.STARTED_AT, at(r.startedAt()))
                .execute();
        db.update(REGION_RELEASE).set(REGION_RELEASE.ROLLOUT_ID, r.id()).where(REGION_RELEASE.REGION_ID.eq(r.region())).execute();
    }

    /** The rollout, locked for this transaction. */
    public Optional<Rollout> lock(UUID id) {
        return db.selectFrom(ROLLOUT).where(ROLLOUT.ID.eq(id)).forUpdate().fetchOptional().map(ReleaseStore::rollout);
    }

    /** The rollout, locked for this transaction, or empty when another transaction holds it. */
    public Optional<Rollout> lockIfFree(UUID id) {
        return db.selectFrom(ROLLOUT).where(ROLLOUT.ID.eq(id)).forUpdate().skipLocked().fetchOptional().map(ReleaseStore::rollout);
    }

    public String forwardKey(UUID id) {
        return db.select(ROLLOUT.FORWARD_KEY).from(ROLLOUT).where(ROLLOUT.ID.eq(id)).fetchSingle(ROLLOUT.FORWARD_KEY);
    }

    public Map<String, String> pins(UUID id) {
        return read(db.select(ROLLOUT.PINS).from(ROLLOUT).where(ROLLOUT.ID.eq(id)).fetchSingle(ROLLOUT.PINS),
                new TypeReference<Map<String, String>>() { });
    }

    public long splitRevision(String region) {
        return db.select(REGION_RELEASE.SPLIT_REVISION).from(REGION_RELEASE).where(REGION_RELEASE.REGION_ID.eq(region))
                .fetchOptional(REGION_RELEASE.SPLIT_REVISION).orElse(0L);
    }

    public Optional<Rollout> rollout(UUID id) {
        return db.selectFrom(ROLLOUT).where(ROLLOUT.ID.eq(id)).fetchOptional().map(ReleaseStore::rollout);
    }

    /** The region's unfinished rollout, locked for this transaction when {@code lock}. */
    public Optional<Rollout> active(String region, boolean lock) {
        var q = db.selectFrom(ROLLOUT).where(ROLLOUT.REGION_ID.eq(region).and(ROLLOUT.STATE.in("running", "paused")));
        return (lock ? q.forUpdate().fetchOptional() : q.fetchOptional()).map(ReleaseStore::rollout);
    }

    public List<Rollout> unfinished() {
        return db.selectFrom(ROLLOUT).where(ROLLOUT.STATE.in("running", "paused")).orderBy(ROLLOUT.STARTED_AT).fetch()
                .map(ReleaseStore::rollout);
    }

    public List<Rollout> rollouts(String version) {
        return db.selectFrom(ROLLOUT).where(ROLLOUT.VERSION.eq(version)).orderBy(ROLLOUT.STARTED_AT.desc()).fetch().map(ReleaseStore::rollout);
    }

    public List<Rollout> recentRollouts(int limit) {
        return db.selectFrom(ROLLOUT).orderBy(ROLLOUT.STARTED_AT.desc()).limit(limit).fetch().map(ReleaseStore::rollout);
    }

    public void canaryEndpoint(UUID id, String dataUrl, String controlUrl) {
        db.update(ROLLOUT).set(ROLLOUT.CANARY_DATA_URL, dataUrl).set(ROLLOUT.CANARY_CONTROL_URL, controlUrl).where(ROLLOUT.ID.eq(id)).execute();
    }

    public Optional<String> canaryControlUrl(UUID id) {
        return db.select(ROLLOUT.CANARY_CONTROL_URL).from(ROLLOUT).where(ROLLOUT.ID.eq(id)).fetchOptional(ROLLOUT.CANARY_CONTROL_URL);
    }

    public void step(UUID id, int stepIndex, Instant startedAt) {
        db.update(ROLLOUT).set(ROLLOUT.STEP_INDEX, stepIndex).set(ROLLOUT.STEP_STARTED_AT, at(startedAt)).where(ROLLOUT.ID.eq(id)).execute();
    }

    public void state(UUID id, RolloutState state) {
        db.update(ROLLOUT).set(ROLLOUT.STATE, state.value()).where(ROLLOUT.ID.eq(id)).execute();
    }

    /** Ends a rollout (compare-and-set on unfinished); true if this call ended it. */
    public boolean end(UUID id, RolloutState state, String reason, Instant now) {
        boolean ended = db.update(ROLLOUT).set(ROLLOUT.STATE, state.value()).set(ROLLOUT.ENDED_AT, at(now)).set(ROLLOUT.END_REASON, reason)
                .where(ROLLOUT.ID.eq(id).and(ROLLOUT.STATE.in("running", "paused"))).execute() == 1;
        if (ended) {
            db.update(REGION_RELEASE).setNull(REGION_RELEASE.ROLLOUT_ID).where(REGION_RELEASE.ROLLOUT_ID.eq(id)).execute();
        }
        return ended;
    }

    public void abortToStable(UUID id, long millis) {
        db.update(ROLLOUT).set(ROLLOUT.ABORT_TO_STABLE_MS, millis).where(ROLLOUT.ID.eq(id)).execute();
    }

    public Optional<String> lastCounters(UUID id) {
        return db.select(ROLLOUT.LAST_COUNTERS).from(ROLLOUT).where(ROLLOUT.ID.eq(id)).fetchOptional(ROLLOUT.LAST_COUNTERS);
    }

    public void lastCounters(UUID id, String counters) {
        db.update(ROLLOUT).set(ROLLOUT.LAST_COUNTERS, counters).where(ROLLOUT.ID.eq(id)).execute();
    }

    // --- verdicts and history

    public void insert(RolloutVerdict v) {
        db.insertInto(ROLLOUT_VERDICT)
                .set(ROLLOUT_VERDICT.DECISION_ID, v.decisionId()).set(ROLLOUT_VERDICT.ROLLOUT_ID, v.rolloutId())
                .set(ROLLOUT_VERDICT.STEP_INDEX, v.stepIndex()).set(ROLLOUT_VERDICT.WEIGHT, v.weight())
                .set(ROLLOUT_VERDICT.OUTCOME, v.outcome()).set(ROLLOUT_VERDICT.SIGNALS, Json.write(v.signals()))
                .set(ROLLOUT_VERDICT.TRIPPED, v.tripped()).set(ROLLOUT_VERDICT.RATIONALE, v.rationale())
                .set(ROLLOUT_VERDICT.ACTION, v.action()).set(ROLLOUT_VERDICT.ACTION_REASON, v.actionReason())
                .set(ROLLOUT_VERDICT.SERVED_CANARY, v.servedCanary()).set(ROLLOUT_VERDICT.SERVED_TOTAL, v.servedTotal())
                .set(ROLLOUT_VERDICT.SAMPLES, Json.write(v.samples()))
                .set(ROLLOUT_VERDICT.WINDOW_START, at(v.windowStart())).set(ROLLOUT_VERDICT.WINDOW_END, at(v.windowEnd()))
                .execute();
    }

    /** A rollout's verdicts, oldest first; of one step when {@code stepIndex >= 0}. */
    public List<RolloutVerdict> verdicts(UUID rolloutId, int stepIndex) {
        var where = ROLLOUT_VERDICT.ROLLOUT_ID.eq(rolloutId);
        if (stepIndex >= 0) {
            where = where.and(ROLLOUT_VERDICT.STEP_INDEX.eq(stepIndex));
        }
        return db.selectFrom(ROLLOUT_VERDICT).where(where).orderBy(ROLLOUT_VERDICT.WINDOW_END).fetch().map(ReleaseStore::verdict);
    }

    public void event(ReleaseEvent e) {
        db.insertInto(RELEASE_EVENT).set(RELEASE_EVENT.ID, e.id()).set(RELEASE_EVENT.VERSION, e.version())
                .set(RELEASE_EVENT.REGION_ID, e.region()).set(RELEASE_EVENT.ROLLOUT_ID, e.rolloutId()).set(RELEASE_EVENT.KIND, e.kind())
                .set(RELEASE_EVENT.ACTOR, e.actor()).set(RELEASE_EVENT.DETAIL, e.detail()).set(RELEASE_EVENT.AT, at(e.at())).execute();
    }

    public List<ReleaseEvent> events(String version) {
        return db.selectFrom(RELEASE_EVENT).where(RELEASE_EVENT.VERSION.eq(version)).orderBy(RELEASE_EVENT.AT, RELEASE_EVENT.ID).fetch()
                .map(r -> new ReleaseEvent(r.getId(), r.getVersion(), r.getRegionId(), r.getRolloutId(), r.getKind(), r.getActor(),
                        r.getDetail(), r.getAt().toInstant()));
    }

    // --- mapping

    private static Release release(ReleaseRecord r) {
        return new Release(r.getVersion(), r.getArtifactPath(), r.getArtifactSha256(), r.getArtifactBytes(),
                read(r.getConfig(), new TypeReference<Map<String, String>>() { }), r.getConfigSha256(), r.getPolicyChannel(),
                r.getPolicyVersion(), r.getPolicySha256(), r.getReplaces(), r.getCreatedBy(), r.getReason(), r.getCreatedAt().toInstant(),
                r.getManifest(), r.getEnvelope(), instant(r.getQuarantinedAt()), r.getQuarantinedBy(), r.getQuarantineReason());
    }

    private static Rollout rollout(RolloutRecord r) {
        return new Rollout(r.getId(), r.getRegionId(), r.getVersion(), r.getFromVersion(), RolloutState.of(r.getState()),
                read(r.getSteps(), new TypeReference<List<CanaryStep>>() { }), r.getStepIndex(), r.getStepStartedAt().toInstant(),
                r.getCanaryDataUrl(), r.getStartedBy(), r.getReason(), r.getStartedAt().toInstant(), instant(r.getEndedAt()),
                r.getEndReason(), r.getAbortToStableMs());
    }

    private static RolloutVerdict verdict(RolloutVerdictRecord r) {
        return new RolloutVerdict(r.getDecisionId(), r.getRolloutId(), r.getStepIndex(), r.getWeight(), r.getOutcome(),
                read(r.getSignals(), new TypeReference<List<Signal>>() { }), r.getTripped(), r.getRationale(), r.getAction(),
                r.getActionReason(), r.getServedCanary(), r.getServedTotal(),
                read(r.getSamples(), new TypeReference<Map<String, com.companyos.releases.LaneSample>>() { }), r.getWindowStart().toInstant(), r.getWindowEnd().toInstant());
    }

    static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static OffsetDateTime at(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
