package com.companyos.probes.internal;

import com.companyos.base.Json;
import com.companyos.probes.ProbeDefinition;
import com.companyos.probes.ProbeKind;
import com.companyos.probes.ProbeOwner;
import com.companyos.probes.ProbeRun;
import com.companyos.probes.ProbeStatus;
import com.companyos.probes.ProbeStep;
import com.companyos.db.tables.records.ProbeRecord;
import com.companyos.db.tables.records.ProbeRunRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.db.Tables.PROBE;
import static com.companyos.db.Tables.PROBE_GOLDEN;
import static com.companyos.db.Tables.PROBE_JOB;
import static com.companyos.db.Tables.PROBE_OWNER;
import static com.companyos.db.Tables.PROBE_OWNER_CONTACT;
import static com.companyos.db.Tables.PROBE_RUN;
import static com.companyos.db.Tables.PROBE_SCHEDULE;

/** Probe definitions, owners, schedules, runs, the export probe's expected values and the job-queue probe's jobs. */
@Component
class ProbeStore {

    private static final ObjectMapper JSON = Json.mapper();
    private static final TypeReference<List<ProbeStep>> STEPS = new TypeReference<>() {
    };

    /** A due run this console leased: which probe, where, and when it was due. */
    record Claim(String probe, String place, Instant dueAt) {
    }

    private final DSLContext db;

    ProbeStore(DSLContext db) {
        this.db = db;
    }

    // --- definitions

    List<ProbeDefinition> probes() {
        return db.selectFrom(PROBE).orderBy(PROBE.PROBE_NAME).fetch(ProbeStore::probe);
    }

    Optional<ProbeDefinition> probe(String name) {
        return db.selectFrom(PROBE).where(PROBE.PROBE_NAME.eq(name)).fetchOptional(ProbeStore::probe);
    }

    /** Inserts a probe; false if one with that name exists (then nothing changes). */
    boolean insertProbe(ProbeDefinition p) {
        return db.insertInto(PROBE).set(values(p)).onConflictDoNothing().execute() == 1;
    }

    void updateProbe(ProbeDefinition p) {
        db.update(PROBE).set(values(p)).where(PROBE.PROBE_NAME.eq(p.name())).execute();
    }

    private ProbeRecord values(ProbeDefinition p) {
        ProbeRecord r = db.newRecord(PROBE);
        r.setProbeName(p.name());
        r.setKind(p.kind().id());
        r.setCriticalPath(p.criticalPath());
        r.setOwnerName(p.owner());
        r.setIntervalS((int) p.interval().toSeconds());
        r.setTimeoutS((int) p.timeout().toSeconds());
        r.setRetries(p.retries());
        r.setRegions(p.regions().toArray(String[]::new));
        r.setDegradedAfterMs((int) p.degradedAfter().toMillis());
        r.setFailN(p.failN());
        r.setFailM(p.failM());
        r.setResolveAfter(p.resolveAfter());
        r.setEnabled(p.enabled());
        r.setUpdatedBy(p.updatedBy());
        r.setUpdatedAt(at(p.updatedAt()));
        return r;
    }

    private static ProbeDefinition probe(ProbeRecord r) {
        return new ProbeDefinition(r.getProbeName(), ProbeKind.of(r.getKind()), r.getCriticalPath(), r.getOwnerName(),
                Duration.ofSeconds(r.getIntervalS()), Duration.ofSeconds(r.getTimeoutS()), r.getRetries(), Arrays.asList(r.getRegions()),
                Duration.ofMillis(r.getDegradedAfterMs()), r.getFailN(), r.getFailM(), r.getResolveAfter(), r.getEnabled(),
                r.getUpdatedBy(), r.getUpdatedAt().toInstant());
    }

    // --- owners

    List<ProbeOwner> owners() {
        return db.selectFrom(PROBE_OWNER).orderBy(PROBE_OWNER.OWNER_NAME).fetch().stream().map(r -> owner(r.getOwnerName()).orElseThrow()).toList();
    }

    Optional<ProbeOwner> owner(String name) {
        return db.selectFrom(PROBE_OWNER).where(PROBE_OWNER.OWNER_NAME.eq(name)).fetchOptional().map(r -> new ProbeOwner(r.getOwnerName(),
                r.getDisplayName(), r.getWebhookUrl() == null ? null : URI.create(r.getWebhookUrl()), r.getWebhookFormat(), r.getRoutingKey(),
                Duration.ofSeconds(r.getEscalateAfterS()),
                db.selectFrom(PROBE_OWNER_CONTACT).where(PROBE_OWNER_CONTACT.OWNER_NAME.eq(name)).orderBy(PROBE_OWNER_CONTACT.POSITION)
                        .fetch(c -> new ProbeOwner.Contact(c.getPerson(), c.getEmail())),
                r.getUpdatedBy(), r.getUpdatedAt().toInstant()));
    }

    /** Writes an owner and replaces its people; {@code onlyIfAbsent} leaves an existing owner as it is. */
    boolean saveOwner(ProbeOwner o, boolean onlyIfAbsent) {
        var insert = db.insertInto(PROBE_OWNER).set(PROBE_OWNER.OWNER_NAME, o.name()).set(PROBE_OWNER.DISPLAY_NAME, o.displayName())
                .set(PROBE_OWNER.WEBHOOK_URL, o.webhookUrl() == null ? null : o.webhookUrl().toString())
                .set(PROBE_OWNER.WEBHOOK_FORMAT, o.webhookFormat()).set(PROBE_OWNER.ROUTING_KEY, o.routingKey())
                .set(PROBE_OWNER.ESCALATE_AFTER_S, (int) o.escalateAfter().toSeconds())
                .set(PROBE_OWNER.UPDATED_BY, o.updatedBy()).set(PROBE_OWNER.UPDATED_AT, at(o.updatedAt()));
        int written = onlyIfAbsent ? insert.onConflictDoNothing().execute()
                : insert.onConflict(PROBE_OWNER.OWNER_NAME).doUpdate()
                .set(PROBE_OWNER.DISPLAY_NAME, o.displayName())
                .set(PROBE_OWNER.WEBHOOK_URL, o.webhookUrl() == null ? null : o.webhookUrl().toString())
                .set(PROBE_OWNER.WEBHOOK_FORMAT, o.webhookFormat()).set(PROBE_OWNER.ROUTING_KEY, o.routingKey())
                .set(PROBE_OWNER.ESCALATE_AFTER_S, (int) o.escalateAfter().toSeconds())
                .set(PROBE_OWNER.UPDATED_BY, o.updatedBy()).set(PROBE_OWNER.UPDATED_AT, at(o.updatedAt())).execute();
        if (written == 0) {
            return false;
        }
        db.deleteFrom(PROBE_OWNER_CONTACT).where(PROBE_OWNER_CONTACT.OWNER_NAME.eq(o.name())).execute();
        for (int i = 0; i < o.contacts().size(); i++) {
            ProbeOwner.Contact c = o.contacts().get(i);
            db.insertInto(PROBE_OWNER_CONTACT).set(PROBE_OWNER_CONTACT.OWNER_NAME, o.name()).set(PROBE_OWNER_CONTACT.POSITION, i)
                    .set(PROBE_OWNER_CONTACT.PERSON, c.person()).set(PROBE_OWNER_CONTACT.EMAIL, c.email()).execute();
        }
        return true;
    }

    int probesOwnedBy(String owner) {
        return db.fetchCount(PROBE, PROBE.OWNER_NAME.eq(owner));
    }

    void deleteOwner(String name) {
        db.deleteFrom(PROBE_OWNER).where(PROBE_OWNER.OWNER_NAME.eq(name)).execute();
    }

    // --- schedule

    /** The places a probe is scheduled in now. */
    List<String> places(String probe) {
        return db.select(PROBE_SCHEDULE.PLACE).from(PROBE_SCHEDULE).where(PROBE_SCHEDULE.PROBE_NAME.eq(probe))
                .orderBy(PROBE_SCHEDULE.PLACE).fetch(PROBE_SCHEDULE.PLACE);
    }

    /** Adds a place to a probe's schedule (first run at {@code first}); false if it was scheduled there already. */
    boolean schedule(String probe, String place, Instant first) {
        return db.insertInto(PROBE_SCHEDULE).set(PROBE_SCHEDULE.PROBE_NAME, probe).set(PROBE_SCHEDULE.PLACE, place)
                .set(PROBE_SCHEDULE.NEXT_RUN_AT, at(first)).onConflictDoNothing().execute() == 1;
    }

    void unschedule(String probe, String place) {
        db.deleteFrom(PROBE_SCHEDULE).where(PROBE_SCHEDULE.PROBE_NAME.eq(probe).and(PROBE_SCHEDULE.PLACE.eq(place))).execute();
    }

    Optional<Instant> nextRun(String probe, String place) {
        return db.select(PROBE_SCHEDULE.NEXT_RUN_AT).from(PROBE_SCHEDULE)
                .where(PROBE_SCHEDULE.PROBE_NAME.eq(probe).and(PROBE_SCHEDULE.PLACE.eq(place)))
                .fetchOptional(r -> r.value1().toInstant());
    }

    /**
     * Leases up to {@code limit} due runs of enabled probes for {@code console}: rows another console holds (a lease
     * that has not run out) or is claiming right now (row lock) are skipped. The lease covers every attempt of the run
     * plus a margin; a console that dies mid-run leaves a lease that runs out, and the run is due again.
     */
    List<Claim> claimDue(Instant now, String console, int limit, Duration retryPause) {
        return db.resultQuery("""
                        with due as (
                            select s.probe_name, s.place, s.next_run_at,
                                   p.timeout_s * (p.retries + 1) + ? * p.retries + 30 as lease_s
                            from probe_schedule s join probe p on p.probe_name = s.probe_name
                            where p.enabled and s.next_run_at <= ?::timestamptz
                              and (s.leased_until is null or s.leased_until < ?::timestamptz)
                            order by s.next_run_at
                            limit ?
                            for update of s skip locked)
                        update probe_schedule s set leased_until = ?::timestamptz + make_interval(secs => due.lease_s), leased_by = ?
                        from due where s.probe_name = due.probe_name and s.place = due.place
                        returning s.probe_name, s.place, due.next_run_at""",
                        retryPause.toSeconds(), at(now), at(now), limit, at(now), console)
                .fetch(r -> new Claim(r.get(0, String.class), r.get(1, String.class), r.get(2, OffsetDateTime.class).toInstant()));
    }

    /**
     * Leases one probe's place now, for a run somebody asked for; empty when a console is running it (then the person
     * sees that run instead). The schedule's next time is kept.
     */
    Optional<Claim> leaseNow(String probe, String place, Instant now, String console, Duration lease) {
        return db.update(PROBE_SCHEDULE).set(PROBE_SCHEDULE.LEASED_UNTIL, at(now.plus(lease))).set(PROBE_SCHEDULE.LEASED_BY, console)
                .where(PROBE_SCHEDULE.PROBE_NAME.eq(probe).and(PROBE_SCHEDULE.PLACE.eq(place))
                        .and(PROBE_SCHEDULE.LEASED_UNTIL.isNull().or(PROBE_SCHEDULE.LEASED_UNTIL.lt(at(now)))))
                .returning(PROBE_SCHEDULE.NEXT_RUN_AT).fetchOptional()
                .map(r -> new Claim(probe, place, r.getNextRunAt().toInstant()));
    }

    /** Ends this console's lease and plans the next run. */
    void release(Claim claim, String console, Instant next) {
        db.update(PROBE_SCHEDULE).set(PROBE_SCHEDULE.NEXT_RUN_AT, at(next)).setNull(PROBE_SCHEDULE.LEASED_UNTIL).setNull(PROBE_SCHEDULE.LEASED_BY)
                .where(PROBE_SCHEDULE.PROBE_NAME.eq(claim.probe()).and(PROBE_SCHEDULE.PLACE.eq(claim.place()))
                        .and(PROBE_SCHEDULE.LEASED_BY.eq(console)))
                .execute();
    }

    // --- runs

    void insertRun(ProbeRun run) {
        try {
            db.insertInto(PROBE_RUN).set(PROBE_RUN.RUN_ID, run.id()).set(PROBE_RUN.PROBE_NAME, run.probe()).set(PROBE_RUN.PLACE, run.place())
                    .set(PROBE_RUN.STARTED_AT, at(run.startedAt())).set(PROBE_RUN.FINISHED_AT, at(run.finishedAt()))
                    .set(PROBE_RUN.STATUS, run.status().id()).set(PROBE_RUN.MILLIS, run.millis()).set(PROBE_RUN.ATTEMPTS, run.attempts())
                    .set(PROBE_RUN.RELEASE, run.release()).set(PROBE_RUN.DETAIL, run.detail())
                    .set(PROBE_RUN.STEPS, JSONB.valueOf(JSON.writeValueAsString(run.steps()))).set(PROBE_RUN.CONSOLE, run.console())
                    .execute();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Probe steps could not be written as JSON", e);
        }
    }

    /** The latest runs of a probe in a place, newest first. */
    List<ProbeRun> latest(String probe, String place, int limit) {
        return db.selectFrom(PROBE_RUN).where(PROBE_RUN.PROBE_NAME.eq(probe).and(PROBE_RUN.PLACE.eq(place)))
                .orderBy(PROBE_RUN.STARTED_AT.desc(), PROBE_RUN.RUN_ID.desc()).limit(limit).fetch(ProbeStore::run);
    }

    /** Runs that started in [from, to), oldest first, at most {@code limit} (of the newest). */
    List<ProbeRun> runs(Instant from, Instant to, String probe, int limit) {
        var where = PROBE_RUN.STARTED_AT.ge(at(from)).and(PROBE_RUN.STARTED_AT.lt(at(to)));
        if (probe != null) {
            where = where.and(PROBE_RUN.PROBE_NAME.eq(probe));
        }
        List<ProbeRun> newest = new ArrayList<>(db.selectFrom(PROBE_RUN).where(where).orderBy(PROBE_RUN.STARTED_AT.desc()).limit(limit)
                .fetch(ProbeStore::run));
        Collections.reverse(newest);
        return newest;
    }

    /** Runs in a region whose steps were served by {@code release}, in [from, to). */
    List<ProbeRun> servedBy(String place, String release, Instant from, Instant to) {
        return db.selectFrom(PROBE_RUN).where(PROBE_RUN.PLACE.eq(place).and(PROBE_RUN.STARTED_AT.ge(at(from))).and(PROBE_RUN.STARTED_AT.lt(at(to)))
                        .and(PROBE_RUN.RELEASE.eq(release).or(PROBE_RUN.RELEASE.like("%," + release)).or(PROBE_RUN.RELEASE.like(release + ",%"))
                                .or(PROBE_RUN.RELEASE.like("%," + release + ",%"))))
                .orderBy(PROBE_RUN.STARTED_AT).fetch(ProbeStore::run);
    }

    Optional<ProbeRun> run(UUID id) {
        return db.selectFrom(PROBE_RUN).where(PROBE_RUN.RUN_ID.eq(id)).fetchOptional(ProbeStore::run);
    }

    int deleteRunsBefore(Instant before) {
        return db.deleteFrom(PROBE_RUN).where(PROBE_RUN.STARTED_AT.lt(at(before))).execute();
    }

    private static ProbeRun run(ProbeRunRecord r) {
        List<ProbeStep> steps;
        try {
            steps = JSON.readValue(r.getSteps().data(), STEPS);
        } catch (JsonProcessingException e) {
            steps = List.of();
        }
        return new ProbeRun(r.getRunId(), r.getProbeName(), r.getPlace(), r.getStartedAt().toInstant(), r.getFinishedAt().toInstant(),
                ProbeStatus.of(r.getStatus()), r.getMillis(), r.getAttempts(), r.getRelease(), r.getDetail(), steps, r.getConsole());
    }

    // --- the export probe's expected values

    record Golden(Instant from, Instant to, String sha256, Instant recordedAt, String release) {
    }

    Optional<Golden> golden(String probe, String place, UUID tenantId) {
        return db.selectFrom(PROBE_GOLDEN).where(PROBE_GOLDEN.PROBE_NAME.eq(probe).and(PROBE_GOLDEN.PLACE.eq(place))
                        .and(PROBE_GOLDEN.TENANT_ID.eq(tenantId)))
                .fetchOptional(r -> new Golden(r.getPeriodFrom().toInstant(), r.getPeriodTo().toInstant(), r.getSha256(),
                        r.getRecordedAt().toInstant(), r.getRelease()));
    }

    /** Records the expected value once; the one on record wins a race. */
    Golden recordGolden(String probe, String place, UUID tenantId, Golden g) {
        db.insertInto(PROBE_GOLDEN).set(PROBE_GOLDEN.PROBE_NAME, probe).set(PROBE_GOLDEN.PLACE, place).set(PROBE_GOLDEN.TENANT_ID, tenantId)
                .set(PROBE_GOLDEN.PERIOD_FROM, at(g.from())).set(PROBE_GOLDEN.PERIOD_TO, at(g.to())).set(PROBE_GOLDEN.SHA256, g.sha256())
                .set(PROBE_GOLDEN.RECORDED_AT, at(g.recordedAt())).set(PROBE_GOLDEN.RELEASE, g.release()).onConflictDoNothing().execute();
        return golden(probe, place, tenantId).orElseThrow();
    }

    // --- the job-queue probe's jobs

    void enqueued(UUID job, Instant at) {
        db.insertInto(PROBE_JOB).set(PROBE_JOB.JOB_ID, job).set(PROBE_JOB.ENQUEUED_AT, at(at)).execute();
    }

    /** Marks a job processed (the first worker wins); false if it was unknown or processed before. */
    boolean processed(UUID job, Instant at, String worker) {
        return db.update(PROBE_JOB).set(PROBE_JOB.PROCESSED_AT, at(at)).set(PROBE_JOB.PROCESSED_BY, worker)
                .where(PROBE_JOB.JOB_ID.eq(job).and(PROBE_JOB.PROCESSED_AT.isNull())).execute() == 1;
    }

    Optional<Instant> processedAt(UUID job) {
        return db.select(PROBE_JOB.PROCESSED_AT).from(PROBE_JOB).where(PROBE_JOB.JOB_ID.eq(job)).fetchOptional(PROBE_JOB.PROCESSED_AT)
                .map(OffsetDateTime::toInstant);
    }

    int deleteJobsBefore(Instant before) {
        return db.deleteFrom(PROBE_JOB).where(PROBE_JOB.ENQUEUED_AT.lt(at(before))).execute();
    }

    static OffsetDateTime at(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
