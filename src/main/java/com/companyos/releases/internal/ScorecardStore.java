package com.companyos.releases.internal;

import com.companyos.base.Json;
import com.companyos.db.tables.records.ReleaseScorecardRecord;
import com.fasterxml.jackson.core.type.TypeReference;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.db.Tables.RELEASE_SCORECARD;
import static com.companyos.db.Tables.ROLLOUT;

/** The {@code release_scorecard} table: one row per rollout, a draft until sealed (the database refuses changes after). */
@Repository
class ScorecardStore {

    /** A stored scorecard: the JSON as written, its gates' evidence files, and once sealed its statement and envelope. */
    record Stored(UUID rolloutId, String version, String region, String verdict, String scorecard, String sha256,
                  Map<String, String> evidence, Instant judgedAt, Instant sealedAt, String sealedBy, String statement, String envelope) {
        boolean sealed() {
            return sealedAt != null;
        }
    }

    private final DSLContext db;

    ScorecardStore(DSLContext db) {
        this.db = db;
    }

    Optional<Stored> find(UUID rolloutId) {
        return db.selectFrom(RELEASE_SCORECARD).where(RELEASE_SCORECARD.ROLLOUT_ID.eq(rolloutId)).fetchOptional().map(ScorecardStore::stored);
    }

    Optional<Stored> lock(UUID rolloutId) {
        return db.selectFrom(RELEASE_SCORECARD).where(RELEASE_SCORECARD.ROLLOUT_ID.eq(rolloutId)).forUpdate().fetchOptional()
                .map(ScorecardStore::stored);
    }

    /** Writes a draft (replacing the previous draft); false when the rollout's scorecard is sealed already. */
    boolean saveDraft(UUID rolloutId, String version, String region, String verdict, String scorecard, String sha256,
                      Map<String, String> evidence, Instant judgedAt) {
        return db.insertInto(RELEASE_SCORECARD)
                .set(RELEASE_SCORECARD.ROLLOUT_ID, rolloutId).set(RELEASE_SCORECARD.VERSION, version).set(RELEASE_SCORECARD.REGION_ID, region)
                .set(RELEASE_SCORECARD.VERDICT, verdict).set(RELEASE_SCORECARD.SCORECARD, scorecard).set(RELEASE_SCORECARD.SCORECARD_SHA256, sha256)
                .set(RELEASE_SCORECARD.EVIDENCE, Json.write(evidence)).set(RELEASE_SCORECARD.JUDGED_AT, at(judgedAt))
                .onConflict(RELEASE_SCORECARD.ROLLOUT_ID).doUpdate()
                .set(RELEASE_SCORECARD.VERDICT, verdict).set(RELEASE_SCORECARD.SCORECARD, scorecard).set(RELEASE_SCORECARD.SCORECARD_SHA256, sha256)
                .set(RELEASE_SCORECARD.EVIDENCE, Json.write(evidence)).set(RELEASE_SCORECARD.JUDGED_AT, at(judgedAt))
                .where(RELEASE_SCORECARD.SEALED_AT.isNull())
                .execute() == 1;
    }

    /** Seals: the final scorecard, its evidence, statement and envelope, in one write (the last one this row takes). */
    void seal(UUID rolloutId, String version, String region, String verdict, String scorecard, String sha256, Map<String, String> evidence,
              Instant at, String by, String statement, String envelope) {
        int rows = db.insertInto(RELEASE_SCORECARD)
                .set(RELEASE_SCORECARD.ROLLOUT_ID, rolloutId).set(RELEASE_SCORECARD.VERSION, version).set(RELEASE_SCORECARD.REGION_ID, region)
                .set(RELEASE_SCORECARD.VERDICT, verdict).set(RELEASE_SCORECARD.SCORECARD, scorecard).set(RELEASE_SCORECARD.SCORECARD_SHA256, sha256)
                .set(RELEASE_SCORECARD.EVIDENCE, Json.write(evidence)).set(RELEASE_SCORECARD.JUDGED_AT, at(at))
                .set(RELEASE_SCORECARD.SEALED_AT, at(at)).set(RELEASE_SCORECARD.SEALED_BY, by)
                .set(RELEASE_SCORECARD.STATEMENT, statement).set(RELEASE_SCORECARD.ENVELOPE, envelope)
                .onConflict(RELEASE_SCORECARD.ROLLOUT_ID).doUpdate()
                .set(RELEASE_SCORECARD.VERDICT, verdict).set(RELEASE_SCORECARD.SCORECARD, scorecard).set(RELEASE_SCORECARD.SCORECARD_SHA256, sha256)
                .set(RELEASE_SCORECARD.EVIDENCE, Json.write(evidence)).set(RELEASE_SCORECARD.JUDGED_AT, at(at))
                .set(RELEASE_SCORECARD.SEALED_AT, at(at)).set(RELEASE_SCORECARD.SEALED_BY, by)
                .set(RELEASE_SCORECARD.STATEMENT, statement).set(RELEASE_SCORECARD.ENVELOPE, envelope)
                .where(RELEASE_SCORECARD.SEALED_AT.isNull())
                .execute();
        if (rows != 1) {
            throw new IllegalStateException("The scorecard of rollout " + rolloutId + " is sealed already");
        }
    }

    /** Finished rollouts whose scorecard is not sealed yet (a console that stopped before sealing, or rollouts before V18). */
    List<UUID> unsealedFinished(int limit) {
        return db.select(ROLLOUT.ID).from(ROLLOUT).leftJoin(RELEASE_SCORECARD).on(RELEASE_SCORECARD.ROLLOUT_ID.eq(ROLLOUT.ID))
                .where(ROLLOUT.ENDED_AT.isNotNull().and(RELEASE_SCORECARD.SEALED_AT.isNull()))
                .orderBy(ROLLOUT.ENDED_AT).limit(limit).fetch(ROLLOUT.ID);
    }

    private static Stored stored(ReleaseScorecardRecord r) {
        return new Stored(r.getRolloutId(), r.getVersion(), r.getRegionId(), r.getVerdict(), r.getScorecard(), r.getScorecardSha256(),
                ReleaseStore.read(r.getEvidence(), new TypeReference<Map<String, String>>() { }), r.getJudgedAt().toInstant(),
                r.getSealedAt() == null ? null : r.getSealedAt().toInstant(), r.getSealedBy(), r.getStatement(), r.getEnvelope());
    }

    private static OffsetDateTime at(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
