package com.companyos.residency.internal;

import com.companyos.residency.ProbeCheck;
import com.companyos.residency.ResidencyAlert;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.db.Tables.PROBE_RESULT;
import static com.companyos.db.Tables.RESIDENCY_ALERT;

/** Residency alerts and synthetic probe results in the control-plane database. */
@Component
public class ResidencyRecords {

    private final DSLContext db;

    ResidencyRecords(DSLContext db) {
        this.db = db;
    }

    public void insertAlert(ResidencyAlert a) {
        db.insertInto(RESIDENCY_ALERT)
                .set(RESIDENCY_ALERT.ALERT_ID, a.id())
                .set(RESIDENCY_ALERT.RAISED_AT, at(a.raisedAt()))
                .set(RESIDENCY_ALERT.SOURCE, a.source())
                .set(RESIDENCY_ALERT.REGION, a.region())
                .set(RESIDENCY_ALERT.TENANT_SLUG, a.tenant())
                .set(RESIDENCY_ALERT.SEAM, a.seam())
                .set(RESIDENCY_ALERT.SUMMARY, a.summary())
                .set(RESIDENCY_ALERT.DECISION_ID, a.decisionId())
                .execute();
    }

    public List<ResidencyAlert> alerts(boolean openOnly, int limit) {
        return db.selectFrom(RESIDENCY_ALERT).where(openOnly ? RESIDENCY_ALERT.ACKNOWLEDGED_AT.isNull() : org.jooq.impl.DSL.noCondition())
                .orderBy(RESIDENCY_ALERT.RAISED_AT.desc()).limit(limit).fetch(r -> new ResidencyAlert(r.getAlertId(),
                        r.getRaisedAt().toInstant(), r.getSource(), r.getRegion(), r.getTenantSlug(), r.getSeam(), r.getSummary(),
                        r.getDecisionId(), instant(r.getAcknowledgedAt()), r.getAcknowledgedBy(), r.getAcknowledgement()));
    }

    public Optional<ResidencyAlert> alert(UUID id) {
        return alerts(false, Integer.MAX_VALUE).stream().filter(a -> a.id().equals(id)).findFirst();
    }

    public int openAlerts() {
        return db.fetchCount(RESIDENCY_ALERT, RESIDENCY_ALERT.ACKNOWLEDGED_AT.isNull());
    }

    public boolean acknowledge(UUID id, String by, String text, Instant now) {
        return db.update(RESIDENCY_ALERT).set(RESIDENCY_ALERT.ACKNOWLEDGED_AT, at(now)).set(RESIDENCY_ALERT.ACKNOWLEDGED_BY, by)
                .set(RESIDENCY_ALERT.ACKNOWLEDGEMENT, text)
                .where(RESIDENCY_ALERT.ALERT_ID.eq(id).and(RESIDENCY_ALERT.ACKNOWLEDGED_AT.isNull())).execute() == 1;
    }

    public void insertProbe(ProbeCheck c) {
        db.insertInto(PROBE_RESULT)
                .set(PROBE_RESULT.RUN_ID, c.runId())
                .set(PROBE_RESULT.CHECKED_AT, at(c.checkedAt()))
                .set(PROBE_RESULT.ZONE, c.zone())
                .set(PROBE_RESULT.CHECK_NAME, c.check())
                .set(PROBE_RESULT.TARGET, c.target())
                .set(PROBE_RESULT.OUTCOME, c.outcome().name())
                .set(PROBE_RESULT.HTTP_STATUS, c.httpStatus())
                .set(PROBE_RESULT.DECISION_ID, c.decisionId())
                .set(PROBE_RESULT.RECEIPT_ID, c.receiptId())
                .set(PROBE_RESULT.DETAIL, c.detail())
                .execute();
    }

    /** The checks of the latest run (empty before the first). */
    public List<ProbeCheck> latestRun() {
        var run = db.select(PROBE_RESULT.RUN_ID).from(PROBE_RESULT).orderBy(PROBE_RESULT.CHECKED_AT.desc()).limit(1)
                .fetchOptional(PROBE_RESULT.RUN_ID);
        return run.map(id -> db.selectFrom(PROBE_RESULT).where(PROBE_RESULT.RUN_ID.eq(id)).orderBy(PROBE_RESULT.ZONE, PROBE_RESULT.CHECK_NAME)
                .fetch(r -> new ProbeCheck(r.getRunId(), r.getCheckedAt().toInstant(), r.getZone(), r.getCheckName(), r.getTarget(),
                        ProbeCheck.Outcome.valueOf(r.getOutcome()), r.getHttpStatus(), r.getDecisionId(), r.getReceiptId(), r.getDetail())))
                .orElse(List.of());
    }

    private static OffsetDateTime at(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
