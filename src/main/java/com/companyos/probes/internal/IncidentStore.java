package com.companyos.probes.internal;

import com.companyos.db.tables.records.ProbeIncidentRecord;
import com.companyos.db.tables.records.ProbeMaintenanceRecord;
import com.companyos.db.tables.records.ProbePageRecord;
import com.companyos.probes.MaintenanceWindow;
import com.companyos.probes.ProbeIncident;
import com.companyos.probes.ProbePage;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.db.Tables.PROBE_INCIDENT;
import static com.companyos.db.Tables.PROBE_MAINTENANCE;
import static com.companyos.db.Tables.PROBE_PAGE;
import static com.companyos.probes.internal.ProbeStore.at;

/** Incidents, the outbox of pages, and maintenance windows. */
@Component
class IncidentStore {

    /** A page due for delivery, claimed under a row lock. */
    record DuePage(UUID id, UUID incidentId, String event, String channel, String target, String payload, int attempts) {
    }

    private final DSLContext db;

    IncidentStore(DSLContext db) {
        this.db = db;
    }

    /** The open incident of a dedup key, locked for this transaction (the evaluator of one probe run holds it). */
    Optional<ProbeIncident> openLocked(String dedupKey) {
        return db.selectFrom(PROBE_INCIDENT).where(PROBE_INCIDENT.DEDUP_KEY.eq(dedupKey).and(PROBE_INCIDENT.STATE.ne("resolved")))
                .forUpdate().fetchOptional(IncidentStore::incident);
    }

    /** Opens an incident; false if one is open for the key already (another console won the race). */
    boolean open(ProbeIncident i) {
        return db.insertInto(PROBE_INCIDENT).set(PROBE_INCIDENT.INCIDENT_ID, i.id()).set(PROBE_INCIDENT.DEDUP_KEY, i.dedupKey())
                .set(PROBE_INCIDENT.PROBE_NAME, i.probe()).set(PROBE_INCIDENT.PLACE, i.place()).set(PROBE_INCIDENT.CAUSE, i.cause())
                .set(PROBE_INCIDENT.OWNER_NAME, i.owner()).set(PROBE_INCIDENT.STATE, "open").set(PROBE_INCIDENT.SUMMARY, i.summary())
                .set(PROBE_INCIDENT.OPENED_AT, at(i.openedAt())).set(PROBE_INCIDENT.LAST_RUN_ID, i.lastRunId())
                .set(PROBE_INCIDENT.ESCALATION_LEVEL, 0)
                .onConflictDoNothing().execute() == 1;
    }

    void lastRun(UUID incident, UUID run) {
        db.update(PROBE_INCIDENT).set(PROBE_INCIDENT.LAST_RUN_ID, run).where(PROBE_INCIDENT.INCIDENT_ID.eq(incident)).execute();
    }

    /** Records that level {@code level} was paged at {@code at}; the next escalation is due at {@code next} (null: none). */
    void paged(UUID incident, int level, Instant at, Instant next) {
        db.update(PROBE_INCIDENT).set(PROBE_INCIDENT.ESCALATION_LEVEL, level).set(PROBE_INCIDENT.PAGED_AT, at(at))
                .set(PROBE_INCIDENT.NEXT_ESCALATION_AT, at(next)).where(PROBE_INCIDENT.INCIDENT_ID.eq(incident)).execute();
    }

    /** Acknowledges an open incident; false if it was not open (acknowledged or resolved already). */
    boolean acknowledge(UUID incident, String by, Instant at) {
        return db.update(PROBE_INCIDENT).set(PROBE_INCIDENT.STATE, "acknowledged").set(PROBE_INCIDENT.ACKNOWLEDGED_AT, at(at))
                .set(PROBE_INCIDENT.ACKNOWLEDGED_BY, by).setNull(PROBE_INCIDENT.NEXT_ESCALATION_AT)
                .where(PROBE_INCIDENT.INCIDENT_ID.eq(incident).and(PROBE_INCIDENT.STATE.eq("open"))).execute() == 1;
    }

    boolean resolve(UUID incident, String by, Instant at) {
        return db.update(PROBE_INCIDENT).set(PROBE_INCIDENT.STATE, "resolved").set(PROBE_INCIDENT.RESOLVED_AT, at(at))
                .set(PROBE_INCIDENT.RESOLVED_BY, by).setNull(PROBE_INCIDENT.NEXT_ESCALATION_AT)
                .where(PROBE_INCIDENT.INCIDENT_ID.eq(incident).and(PROBE_INCIDENT.STATE.ne("resolved"))).execute() == 1;
    }

    Optional<ProbeIncident> incident(UUID id) {
        return db.selectFrom(PROBE_INCIDENT).where(PROBE_INCIDENT.INCIDENT_ID.eq(id)).fetchOptional(IncidentStore::incident);
    }

    /** Open and acknowledged incidents, newest first. */
    List<ProbeIncident> unresolved() {
        return db.selectFrom(PROBE_INCIDENT).where(PROBE_INCIDENT.STATE.ne("resolved")).orderBy(PROBE_INCIDENT.OPENED_AT.desc())
                .fetch(IncidentStore::incident);
    }

    List<ProbeIncident> recent(int limit) {
        return db.selectFrom(PROBE_INCIDENT).orderBy(PROBE_INCIDENT.OPENED_AT.desc()).limit(limit).fetch(IncidentStore::incident);
    }

    /**
     * Open incidents whose next step is due, locked with SKIP LOCKED (one console handles each): never paged yet
     * (silenced by a maintenance window when they opened) or due for escalation.
     */
    List<ProbeIncident> claimDueForPaging(Instant now, int limit) {
        return db.selectFrom(PROBE_INCIDENT).where(PROBE_INCIDENT.STATE.eq("open")
                        .and(PROBE_INCIDENT.PAGED_AT.isNull().or(PROBE_INCIDENT.NEXT_ESCALATION_AT.le(at(now)))))
                .orderBy(PROBE_INCIDENT.OPENED_AT).limit(limit).forUpdate().skipLocked().fetch(IncidentStore::incident);
    }

    private static ProbeIncident incident(ProbeIncidentRecord r) {
        return new ProbeIncident(r.getIncidentId(), r.getDedupKey(), r.getProbeName(), r.getPlace(), r.getCause(), r.getOwnerName(),
                r.getState(), r.getSummary(), r.getOpenedAt().toInstant(), r.getLastRunId(), r.getEscalationLevel(), instant(r.getPagedAt()),
                instant(r.getNextEscalationAt()), instant(r.getAcknowledgedAt()), r.getAcknowledgedBy(), instant(r.getResolvedAt()),
                r.getResolvedBy());
    }

    // --- pages

    void insertPage(UUID id, UUID incident, String event, String channel, String target, String payload, String state, String error,
                    Instant now) {
        db.insertInto(PROBE_PAGE).set(PROBE_PAGE.PAGE_ID, id).set(PROBE_PAGE.INCIDENT_ID, incident).set(PROBE_PAGE.EVENT, event)
                .set(PROBE_PAGE.CHANNEL, channel).set(PROBE_PAGE.TARGET, target).set(PROBE_PAGE.PAYLOAD, payload)
                .set(PROBE_PAGE.STATE, state).set(PROBE_PAGE.LAST_ERROR, error).set(PROBE_PAGE.NEXT_ATTEMPT_AT, at(now))
                .set(PROBE_PAGE.CREATED_AT, at(now)).execute();
    }

    List<DuePage> claimDuePages(Instant now, int limit) {
        return db.selectFrom(PROBE_PAGE).where(PROBE_PAGE.STATE.eq("pending").and(PROBE_PAGE.NEXT_ATTEMPT_AT.le(at(now))))
                .orderBy(PROBE_PAGE.NEXT_ATTEMPT_AT).limit(limit).forUpdate().skipLocked()
                .fetch(r -> new DuePage(r.getPageId(), r.getIncidentId(), r.getEvent(), r.getChannel(), r.getTarget(), r.getPayload(),
                        r.getAttempts()));
    }

    void recordAttempt(UUID page, String state, int attempts, Integer status, String error, Instant next, Instant deliveredAt) {
        db.update(PROBE_PAGE).set(PROBE_PAGE.STATE, state).set(PROBE_PAGE.ATTEMPTS, attempts).set(PROBE_PAGE.LAST_STATUS, status)
                .set(PROBE_PAGE.LAST_ERROR, error).set(PROBE_PAGE.NEXT_ATTEMPT_AT, at(next == null ? Instant.EPOCH : next))
                .set(PROBE_PAGE.DELIVERED_AT, at(deliveredAt)).where(PROBE_PAGE.PAGE_ID.eq(page)).execute();
    }

    List<ProbePage> pages(UUID incident) {
        return db.selectFrom(PROBE_PAGE).where(PROBE_PAGE.INCIDENT_ID.eq(incident)).orderBy(PROBE_PAGE.CREATED_AT, PROBE_PAGE.PAGE_ID)
                .fetch(IncidentStore::page);
    }

    /** The email addresses an incident's trigger and escalation pages went to (the resolve page tells each of them). */
    List<String> paged(UUID incident) {
        return db.selectDistinct(PROBE_PAGE.TARGET).from(PROBE_PAGE).where(PROBE_PAGE.INCIDENT_ID.eq(incident)
                        .and(PROBE_PAGE.CHANNEL.eq("email")).and(PROBE_PAGE.EVENT.in("trigger", "escalate")).and(PROBE_PAGE.STATE.ne("suppressed")))
                .fetch(PROBE_PAGE.TARGET);
    }

    private static ProbePage page(ProbePageRecord r) {
        return new ProbePage(r.getPageId(), r.getIncidentId(), r.getEvent(), r.getChannel(), r.getTarget(), r.getState(), r.getAttempts(),
                r.getLastStatus(), r.getLastError(), r.getCreatedAt().toInstant(), instant(r.getDeliveredAt()));
    }

    // --- maintenance

    void insertWindow(MaintenanceWindow w) {
        db.insertInto(PROBE_MAINTENANCE).set(PROBE_MAINTENANCE.WINDOW_ID, w.id()).set(PROBE_MAINTENANCE.PROBE_NAME, w.probe())
                .set(PROBE_MAINTENANCE.PLACE, w.place()).set(PROBE_MAINTENANCE.STARTS_AT, at(w.startsAt()))
                .set(PROBE_MAINTENANCE.ENDS_AT, at(w.endsAt())).set(PROBE_MAINTENANCE.REASON, w.reason())
                .set(PROBE_MAINTENANCE.CREATED_BY, w.createdBy()).set(PROBE_MAINTENANCE.CREATED_AT, at(w.createdAt())).execute();
    }

    boolean cancelWindow(UUID id, String by, Instant at) {
        return db.update(PROBE_MAINTENANCE).set(PROBE_MAINTENANCE.CANCELLED_AT, at(at)).set(PROBE_MAINTENANCE.CANCELLED_BY, by)
                .where(PROBE_MAINTENANCE.WINDOW_ID.eq(id).and(PROBE_MAINTENANCE.CANCELLED_AT.isNull())).execute() == 1;
    }

    Optional<MaintenanceWindow> window(UUID id) {
        return db.selectFrom(PROBE_MAINTENANCE).where(PROBE_MAINTENANCE.WINDOW_ID.eq(id)).fetchOptional(IncidentStore::window);
    }

    /** Windows not cancelled that have not ended by {@code now}, soonest first. */
    List<MaintenanceWindow> currentAndComing(Instant now) {
        return db.selectFrom(PROBE_MAINTENANCE).where(PROBE_MAINTENANCE.CANCELLED_AT.isNull().and(PROBE_MAINTENANCE.ENDS_AT.gt(at(now))))
                .orderBy(PROBE_MAINTENANCE.STARTS_AT).fetch(IncidentStore::window);
    }

    private static MaintenanceWindow window(ProbeMaintenanceRecord r) {
        return new MaintenanceWindow(r.getWindowId(), r.getProbeName(), r.getPlace(), r.getStartsAt().toInstant(), r.getEndsAt().toInstant(),
                r.getReason(), r.getCreatedBy(), r.getCreatedAt().toInstant(), instant(r.getCancelledAt()), r.getCancelledBy());
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
