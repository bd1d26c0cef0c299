package com.companyos.dr.internal;

import com.companyos.dr.Drill;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.db.Tables.DR_DRILL;
import static com.companyos.db.Tables.DR_DRILL_STEP;
import static com.companyos.db.Tables.SCHEDULED_TASKS;
import static com.companyos.db.Tables.TENANT;

@Repository
public class DrillRepository {

    /** The advisory lock key under which consoles start drills ("DRIL"). */
    private static final long RUN_LOCK = 0x4452494cL;

    private final DSLContext db;

    DrillRepository(DSLContext db) {
        this.db = db;
    }

    public void insert(UUID id, UUID tenantId, String status, String requestedBy, UUID approval, boolean failBack, double rpo, double rto,
                       String primary, String standby, Instant at) {
        db.insertInto(DR_DRILL).set(DR_DRILL.DRILL_ID, id).set(DR_DRILL.TENANT_ID, tenantId).set(DR_DRILL.STATUS, status)
                .set(DR_DRILL.REQUESTED_BY, requestedBy).set(DR_DRILL.APPROVAL_REQUEST_ID, approval).set(DR_DRILL.FAIL_BACK, failBack)
                .set(DR_DRILL.TARGET_RPO_SECONDS, rpo).set(DR_DRILL.TARGET_RTO_SECONDS, rto).set(DR_DRILL.PRIMARY_REGION, primary)
                .set(DR_DRILL.STANDBY_REGION, standby).set(DR_DRILL.PROGRESS, "Waiting for approval").set(DR_DRILL.CREATED_AT, at(at))
                .execute();
    }

    public void approval(UUID id, UUID approval) {
        db.update(DR_DRILL).set(DR_DRILL.APPROVAL_REQUEST_ID, approval).where(DR_DRILL.DRILL_ID.eq(id)).execute();
    }

    /** Moves a drill from one status to another (compare-and-set: a drill is started once). */
    public boolean transition(UUID id, String from, String to, String approvedBy, Instant at) {
        var u = db.update(DR_DRILL).set(DR_DRILL.STATUS, to);
        if (approvedBy != null) {
            u = u.set(DR_DRILL.APPROVED_BY, approvedBy);
        }
        if ("RUNNING".equals(to)) {
            u = u.set(DR_DRILL.STARTED_AT, at(at));
        }
        return u.where(DR_DRILL.DRILL_ID.eq(id).and(DR_DRILL.STATUS.eq(from))).execute() == 1;
    }

    void progress(UUID id, String text) {
        db.update(DR_DRILL).set(DR_DRILL.PROGRESS, text).where(DR_DRILL.DRILL_ID.eq(id)).execute();
    }

    void stepStarted(UUID id, int no, String name, Instant at) {
        db.insertInto(DR_DRILL_STEP).set(DR_DRILL_STEP.DRILL_ID, id).set(DR_DRILL_STEP.STEP_NO, no).set(DR_DRILL_STEP.NAME, name)
                .set(DR_DRILL_STEP.STARTED_AT, at(at)).onConflictDoNothing().execute();
        progress(id, name);
    }

    void stepFinished(UUID id, int no, String name, Instant started, Instant at, String detail) {
        db.update(DR_DRILL_STEP).set(DR_DRILL_STEP.NAME, name).set(DR_DRILL_STEP.STARTED_AT, at(started))
                .set(DR_DRILL_STEP.FINISHED_AT, at(at)).set(DR_DRILL_STEP.DETAIL, detail)
                .where(DR_DRILL_STEP.DRILL_ID.eq(id).and(DR_DRILL_STEP.STEP_NO.eq(no))).execute();
    }

    void finish(UUID id, String status, Long rpoRecords, Double rpoSeconds, Double rtoSeconds, Boolean passed, String json, String dsse,
                byte[] pdf, String error, Instant at) {
        db.update(DR_DRILL).set(DR_DRILL.STATUS, status).set(DR_DRILL.RPO_RECORDS, rpoRecords).set(DR_DRILL.RPO_SECONDS, rpoSeconds)
                .set(DR_DRILL.RTO_SECONDS, rtoSeconds).set(DR_DRILL.PASSED, passed).set(DR_DRILL.REPORT_JSON, json)
                .set(DR_DRILL.REPORT_DSSE, dsse).set(DR_DRILL.REPORT_PDF, pdf).set(DR_DRILL.ERROR, error).set(DR_DRILL.FINISHED_AT, at(at))
                .set(DR_DRILL.PROGRESS, status.equals("ERROR") ? "Stopped: " + error : "Finished: " + status)
                .where(DR_DRILL.DRILL_ID.eq(id)).execute();
    }

    /**
     * Queued or running drills without a scheduled run (left by a console version that ran drills in memory): they can
     * neither start nor finish, so they end as errors. A drill with a run in {@code scheduled_tasks} is left alone
     * whatever console holds it — db-scheduler revives it if that console died.
     */
    public int abandonUnscheduled(Instant at) {
        return db.update(DR_DRILL).set(DR_DRILL.STATUS, "ERROR").set(DR_DRILL.ERROR, "The drill had no scheduled run (left by an older console)")
                .set(DR_DRILL.PROGRESS, "Stopped: no scheduled run").set(DR_DRILL.FINISHED_AT, at(at))
                .where(DR_DRILL.STATUS.in("RUNNING", "QUEUED").and(DSL.notExists(DSL.selectOne().from(SCHEDULED_TASKS)
                        .where(SCHEDULED_TASKS.TASK_NAME.eq(DrillLauncher.TASK)
                                .and(SCHEDULED_TASKS.TASK_INSTANCE.eq(DR_DRILL.DRILL_ID.cast(String.class)))))))
                .execute();
    }

    /**
     * Starts a queued drill unless another drill is running anywhere (a drill takes a region down: one at a time across
     * every console). The transaction-scoped advisory lock serialises the check and the start between consoles.
     */
    Start startUnlessAnotherRuns(UUID id, Instant at) {
        db.fetch("select pg_advisory_xact_lock(?)", RUN_LOCK);
        UUID other = db.select(DR_DRILL.DRILL_ID).from(DR_DRILL)
                .where(DR_DRILL.STATUS.eq("RUNNING").and(DR_DRILL.DRILL_ID.ne(id))).limit(1).fetchOptional(DR_DRILL.DRILL_ID).orElse(null);
        return new Start(other == null && transition(id, "QUEUED", "RUNNING", null, at), other);
    }

    /** Whether a drill started, and if not, the drill that runs in its way (null: it was no longer queued). */
    record Start(boolean started, UUID behind) {
    }

    public Optional<Drill> find(UUID id) {
        return select().where(DR_DRILL.DRILL_ID.eq(id)).fetchOptional(this::map);
    }

    public List<Drill> recent(UUID tenantId, int limit) {
        var q = select();
        return (tenantId == null ? q.where(org.jooq.impl.DSL.noCondition()) : q.where(DR_DRILL.TENANT_ID.eq(tenantId)))
                .orderBy(DR_DRILL.CREATED_AT.desc()).limit(limit).fetch(this::map);
    }

    /** The tenant's most recently created drill that has finished (one row, with its steps). */
    public Optional<Drill> lastFinished(UUID tenantId) {
        return select().where(DR_DRILL.TENANT_ID.eq(tenantId).and(DR_DRILL.FINISHED_AT.isNotNull()))
                .orderBy(DR_DRILL.CREATED_AT.desc()).limit(1).fetchOptional(this::map);
    }

    /** The most recently finished drill of any tenant (one row, with its steps). */
    public Optional<Drill> lastFinished() {
        return select().where(DR_DRILL.FINISHED_AT.isNotNull()).orderBy(DR_DRILL.FINISHED_AT.desc()).limit(1).fetchOptional(this::map);
    }

    /**
     * Every tenant's most recently created finished drill, without steps (what the posture's readiness check needs,
     * in one query however many tenants there are).
     */
    public java.util.Map<UUID, Drill> lastFinishedPerTenant() {
        java.util.Map<UUID, Drill> m = new java.util.HashMap<>();
        db.selectDistinct(FIELDS).on(DR_DRILL.TENANT_ID).from(DR_DRILL).join(TENANT).on(TENANT.TENANT_ID.eq(DR_DRILL.TENANT_ID))
                .where(DR_DRILL.FINISHED_AT.isNotNull()).orderBy(DR_DRILL.TENANT_ID, DR_DRILL.CREATED_AT.desc())
                .forEach(r -> m.put(r.get(DR_DRILL.TENANT_ID), map(r, List.of())));
        return m;
    }

    public Optional<String> reportJson(UUID id) {
        return db.select(DR_DRILL.REPORT_JSON).from(DR_DRILL).where(DR_DRILL.DRILL_ID.eq(id)).fetchOptional(DR_DRILL.REPORT_JSON);
    }

    public Optional<String> reportDsse(UUID id) {
        return db.select(DR_DRILL.REPORT_DSSE).from(DR_DRILL).where(DR_DRILL.DRILL_ID.eq(id)).fetchOptional(DR_DRILL.REPORT_DSSE);
    }

    public Optional<byte[]> reportPdf(UUID id) {
        return db.select(DR_DRILL.REPORT_PDF).from(DR_DRILL).where(DR_DRILL.DRILL_ID.eq(id)).fetchOptional(DR_DRILL.REPORT_PDF);
    }

    private org.jooq.SelectOnConditionStep<Record> select() {
        return db.select(FIELDS).from(DR_DRILL).join(TENANT).on(TENANT.TENANT_ID.eq(DR_DRILL.TENANT_ID));
    }

    private static final List<org.jooq.SelectField<?>> FIELDS = List.of(DR_DRILL.DRILL_ID, DR_DRILL.TENANT_ID, TENANT.SLUG,
            DR_DRILL.STATUS, DR_DRILL.REQUESTED_BY, DR_DRILL.APPROVAL_REQUEST_ID, DR_DRILL.APPROVED_BY, DR_DRILL.FAIL_BACK,
            DR_DRILL.TARGET_RPO_SECONDS, DR_DRILL.TARGET_RTO_SECONDS, DR_DRILL.PRIMARY_REGION, DR_DRILL.STANDBY_REGION,
            DR_DRILL.PROGRESS, DR_DRILL.RPO_RECORDS, DR_DRILL.RPO_SECONDS, DR_DRILL.RTO_SECONDS, DR_DRILL.PASSED,
            DR_DRILL.REPORT_DSSE.isNotNull().as("ready"), DR_DRILL.ERROR, DR_DRILL.CREATED_AT, DR_DRILL.STARTED_AT,
            DR_DRILL.FINISHED_AT);

    private Drill map(Record r) {
        UUID id = r.get(DR_DRILL.DRILL_ID);
        return map(r, db.selectFrom(DR_DRILL_STEP).where(DR_DRILL_STEP.DRILL_ID.eq(id)).orderBy(DR_DRILL_STEP.STEP_NO)
                .fetch(s -> new Drill.Step(s.getStepNo(), s.getName(), s.getStartedAt().toInstant(), instant(s.getFinishedAt()), s.getDetail())));
    }

    private Drill map(Record r, List<Drill.Step> steps) {
        UUID id = r.get(DR_DRILL.DRILL_ID);
        return new Drill(id, r.get(DR_DRILL.TENANT_ID), r.get(TENANT.SLUG), r.get(DR_DRILL.STATUS), r.get(DR_DRILL.REQUESTED_BY),
                r.get(DR_DRILL.APPROVAL_REQUEST_ID), r.get(DR_DRILL.APPROVED_BY), r.get(DR_DRILL.FAIL_BACK), r.get(DR_DRILL.TARGET_RPO_SECONDS),
                r.get(DR_DRILL.TARGET_RTO_SECONDS), r.get(DR_DRILL.PRIMARY_REGION), r.get(DR_DRILL.STANDBY_REGION), r.get(DR_DRILL.PROGRESS),
                r.get(DR_DRILL.RPO_RECORDS), r.get(DR_DRILL.RPO_SECONDS), r.get(DR_DRILL.RTO_SECONDS), r.get(DR_DRILL.PASSED),
                Boolean.TRUE.equals(r.get("ready", Boolean.class)), r.get(DR_DRILL.ERROR), r.get(DR_DRILL.CREATED_AT).toInstant(),
                instant(r.get(DR_DRILL.STARTED_AT)), instant(r.get(DR_DRILL.FINISHED_AT)), steps);
    }

    private static OffsetDateTime at(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
