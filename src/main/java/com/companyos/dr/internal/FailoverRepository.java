package com.companyos.dr.internal;

import com.companyos.dr.FailoverEvent;
import com.companyos.dr.FailoverKind;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.db.Tables.FAILOVER_EVENT;
import static com.companyos.db.Tables.TENANT;

@Repository
public class FailoverRepository {

    private final DSLContext db;

    FailoverRepository(DSLContext db) {
        this.db = db;
    }

    void start(UUID id, UUID tenantId, FailoverOrder o, String from, String to, long epochFrom, long epochTo, UUID decisionId,
               Instant at) {
        db.insertInto(FAILOVER_EVENT)
                .set(FAILOVER_EVENT.EVENT_ID, id)
                .set(FAILOVER_EVENT.TENANT_ID, tenantId)
                .set(FAILOVER_EVENT.KIND, o.kind().name())
                .set(FAILOVER_EVENT.PLANNED, o.planned())
                .set(FAILOVER_EVENT.EMERGENCY, o.emergency())
                .set(FAILOVER_EVENT.FROM_REGION, from)
                .set(FAILOVER_EVENT.TO_REGION, to)
                .set(FAILOVER_EVENT.EPOCH_FROM, epochFrom)
                .set(FAILOVER_EVENT.EPOCH_TO, epochTo)
                .set(FAILOVER_EVENT.STATUS, "RUNNING")
                .set(FAILOVER_EVENT.REASON, o.reason())
                .set(FAILOVER_EVENT.REQUESTED_BY, o.requestedBy())
                .set(FAILOVER_EVENT.APPROVAL_REQUEST_ID, o.approvalRequestId())
                .set(FAILOVER_EVENT.APPROVED_BY, o.approvedBy())
                .set(FAILOVER_EVENT.DRILL_ID, o.drillId())
                .set(FAILOVER_EVENT.DECISION_ID, decisionId)
                .set(FAILOVER_EVENT.STARTED_AT, at(at))
                .set(FAILOVER_EVENT.REVIEW_REQUIRED, o.emergency())
                .execute();
    }

    void finish(UUID id, long promotedAtSeq, String detail, Instant at) {
        db.update(FAILOVER_EVENT).set(FAILOVER_EVENT.STATUS, "DONE").set(FAILOVER_EVENT.PROMOTED_AT_SEQ, promotedAtSeq)
                .set(FAILOVER_EVENT.DETAIL, detail).set(FAILOVER_EVENT.FINISHED_AT, at(at)).where(FAILOVER_EVENT.EVENT_ID.eq(id)).execute();
    }

    void fail(UUID id, String detail, Instant at) {
        db.update(FAILOVER_EVENT).set(FAILOVER_EVENT.STATUS, "FAILED").set(FAILOVER_EVENT.DETAIL, detail)
                .set(FAILOVER_EVENT.FINISHED_AT, at(at)).where(FAILOVER_EVENT.EVENT_ID.eq(id)).execute();
    }

    public boolean review(UUID id, String by, Instant at) {
        return db.update(FAILOVER_EVENT).set(FAILOVER_EVENT.REVIEWED_BY, by).set(FAILOVER_EVENT.REVIEWED_AT, at(at))
                .where(FAILOVER_EVENT.EVENT_ID.eq(id).and(FAILOVER_EVENT.REVIEW_REQUIRED).and(FAILOVER_EVENT.REVIEWED_AT.isNull()))
                .execute() == 1;
    }

    /** The last completed move of a tenant (where its current epoch began). */
    public Optional<FailoverEvent> lastDone(UUID tenantId) {
        return select().where(FAILOVER_EVENT.TENANT_ID.eq(tenantId).and(FAILOVER_EVENT.STATUS.eq("DONE")))
                .orderBy(FAILOVER_EVENT.STARTED_AT.desc()).limit(1).fetchOptional(this::map);
    }

    public Optional<FailoverEvent> find(UUID id) {
        return select().where(FAILOVER_EVENT.EVENT_ID.eq(id)).fetchOptional(this::map);
    }

    public List<FailoverEvent> recent(UUID tenantId, int limit) {
        var q = select();
        return (tenantId == null ? q.where(org.jooq.impl.DSL.noCondition()) : q.where(FAILOVER_EVENT.TENANT_ID.eq(tenantId)))
                .orderBy(FAILOVER_EVENT.STARTED_AT.desc()).limit(limit).fetch(this::map);
    }

    private org.jooq.SelectOnConditionStep<org.jooq.Record> select() {
        return db.select(FAILOVER_EVENT.asterisk(), TENANT.SLUG).from(FAILOVER_EVENT).join(TENANT).on(TENANT.TENANT_ID.eq(FAILOVER_EVENT.TENANT_ID));
    }

    private FailoverEvent map(org.jooq.Record rec) {
        var r = rec.into(FAILOVER_EVENT);
        return new FailoverEvent(r.getEventId(), r.getTenantId(), rec.get(TENANT.SLUG), FailoverKind.valueOf(r.getKind()), r.getPlanned(),
                r.getEmergency(), r.getFromRegion(), r.getToRegion(), r.getEpochFrom(), r.getEpochTo(), r.getPromotedAtSeq(), r.getStatus(),
                r.getReason(), r.getRequestedBy(), r.getApprovalRequestId(), r.getApprovedBy(), r.getDrillId(), r.getDecisionId(),
                r.getDetail(), r.getStartedAt().toInstant(), instant(r.getFinishedAt()), r.getReviewRequired(), r.getReviewedBy(),
                instant(r.getReviewedAt()));
    }

    private static OffsetDateTime at(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
