package com.companyos.slo.internal;

import com.companyos.slo.AlertDelivery;
import com.companyos.slo.BurnRateRule;
import com.companyos.slo.Sli;
import com.companyos.slo.SloAlert;
import com.companyos.slo.SloDefinition;
import com.companyos.slo.WindowCounts;
import com.companyos.db.tables.records.SloAlertRecord;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.companyos.db.Tables.SLO_ALERT;
import static com.companyos.db.Tables.SLO_ALERT_DELIVERY;
import static com.companyos.db.Tables.SLO_COUNTER;
import static com.companyos.db.Tables.SLO_DEFINITION;
import static com.companyos.db.Tables.SLO_SAMPLE;

/** The SLO module's tables: definitions, last counters, samples (deltas), alerts and their deliveries. */
@Component
public class SloRepository {

    /** {@code sum(write_buckets[1]), ..., sum(write_buckets[n])}: the window's buckets in one pass. */
    private static final String BUCKET_SUMS = IntStream.rangeClosed(1, WindowCounts.BUCKETS)
            .mapToObj(i -> "coalesce(sum(write_buckets[" + i + "]), 0)").collect(Collectors.joining(", "));

    /** The counts of one step of a series. */
    public record Step(Instant at, WindowCounts counts) {
    }

    private final DSLContext db;

    SloRepository(DSLContext db) {
        this.db = db;
    }

    public Optional<SloDefinition> definition(String key) {
        return db.selectFrom(SLO_DEFINITION).where(SLO_DEFINITION.TARGET_KEY.eq(key)).fetchOptional()
                .map(r -> new SloDefinition(r.getTargetKey(), r.getAvailabilityTarget(), r.getLatencyThresholdMs(),
                        r.getLatencyTarget(), r.getPeriodDays(), r.getWebhookUrl() == null ? null : URI.create(r.getWebhookUrl()),
                        r.getUpdatedBy(), r.getUpdatedAt().toInstant()));
    }

    public void save(SloDefinition d) {
        db.insertInto(SLO_DEFINITION)
                .set(SLO_DEFINITION.TARGET_KEY, d.targetKey())
                .set(SLO_DEFINITION.AVAILABILITY_TARGET, d.availabilityTarget())
                .set(SLO_DEFINITION.LATENCY_THRESHOLD_MS, d.latencyThresholdMillis())
                .set(SLO_DEFINITION.LATENCY_TARGET, d.latencyTarget())
                .set(SLO_DEFINITION.PERIOD_DAYS, d.periodDays())
                .set(SLO_DEFINITION.WEBHOOK_URL, d.webhookUrl() == null ? null : d.webhookUrl().toString())
                .set(SLO_DEFINITION.UPDATED_BY, d.updatedBy())
                .set(SLO_DEFINITION.UPDATED_AT, at(d.updatedAt()))
                .onConflict(SLO_DEFINITION.TARGET_KEY).doUpdate()
                .set(SLO_DEFINITION.AVAILABILITY_TARGET, d.availabilityTarget())
                .set(SLO_DEFINITION.LATENCY_THRESHOLD_MS, d.latencyThresholdMillis())
                .set(SLO_DEFINITION.LATENCY_TARGET, d.latencyTarget())
                .set(SLO_DEFINITION.PERIOD_DAYS, d.periodDays())
                .set(SLO_DEFINITION.WEBHOOK_URL, d.webhookUrl() == null ? null : d.webhookUrl().toString())
                .set(SLO_DEFINITION.UPDATED_BY, d.updatedBy())
                .set(SLO_DEFINITION.UPDATED_AT, at(d.updatedAt()))
                .execute();
    }

    Optional<CounterDelta.Counter> counter(String key) {
        return db.selectFrom(SLO_COUNTER).where(SLO_COUNTER.TARGET_KEY.eq(key)).fetchOptional()
                .map(r -> new CounterDelta.Counter(r.getTargetKey(), r.getEpoch(), r.getRequests(), r.getServerErrors(),
                        r.getWrites(), List.of(r.getWriteBuckets()), r.getReadAt().toInstant()));
    }

    /**
     * Moves a target's counter from {@code previous} (null: none yet) to {@code next}; false if another console instance
     * moved it first (then this read is not counted: that instance counted the interval).
     */
    boolean moveCounter(CounterDelta.Counter previous, CounterDelta.Counter next) {
        Long[] buckets = next.buckets().toArray(Long[]::new);
        if (previous == null) {
            return db.insertInto(SLO_COUNTER).set(SLO_COUNTER.TARGET_KEY, next.targetKey()).set(SLO_COUNTER.EPOCH, next.epoch())
                    .set(SLO_COUNTER.REQUESTS, next.requests()).set(SLO_COUNTER.SERVER_ERRORS, next.serverErrors())
                    .set(SLO_COUNTER.WRITES, next.writes()).set(SLO_COUNTER.WRITE_BUCKETS, buckets)
                    .set(SLO_COUNTER.READ_AT, at(next.readAt())).onConflictDoNothing().execute() == 1;
        }
        return db.update(SLO_COUNTER).set(SLO_COUNTER.EPOCH, next.epoch()).set(SLO_COUNTER.REQUESTS, next.requests())
                .set(SLO_COUNTER.SERVER_ERRORS, next.serverErrors()).set(SLO_COUNTER.WRITES, next.writes())
                .set(SLO_COUNTER.WRITE_BUCKETS, buckets).set(SLO_COUNTER.READ_AT, at(next.readAt()))
                .where(SLO_COUNTER.TARGET_KEY.eq(next.targetKey()).and(SLO_COUNTER.EPOCH.eq(previous.epoch()))
                        .and(SLO_COUNTER.READ_AT.eq(at(previous.readAt()))))
                .execute() == 1;
    }

    void insertSample(String key, Instant at, WindowCounts counts, boolean reset) {
        db.insertInto(SLO_SAMPLE).set(SLO_SAMPLE.TARGET_KEY, key).set(SLO_SAMPLE.SAMPLED_AT, at(at))
                .set(SLO_SAMPLE.REQUESTS, counts.requests()).set(SLO_SAMPLE.SERVER_ERRORS, counts.serverErrors())
                .set(SLO_SAMPLE.WRITES, counts.writes()).set(SLO_SAMPLE.WRITE_BUCKETS, counts.buckets().toArray(Long[]::new))
                .set(SLO_SAMPLE.RESET, reset)
                .onConflictDoNothing().execute();
    }

    int deleteSamplesBefore(Instant before) {
        return db.deleteFrom(SLO_SAMPLE).where(SLO_SAMPLE.SAMPLED_AT.lt(at(before))).execute();
    }

    /** The sums of a target's samples with {@code from < sampled_at <= to}. */
    public WindowCounts window(String key, Instant from, Instant to) {
        Record r = db.resultQuery("select coalesce(sum(requests), 0), coalesce(sum(server_errors), 0), coalesce(sum(writes), 0), "
                + BUCKET_SUMS + " from slo_sample where target_key = ? and sampled_at > ?::timestamptz and sampled_at <= ?::timestamptz", key, at(from), at(to))
                .fetchOne();
        return counts(r, 0);
    }

    /** A target's samples summed per step of {@code step} over ({@code from}, {@code to}], oldest first. */
    public List<Step> series(String key, Instant from, Instant to, Duration step) {
        List<Step> steps = new ArrayList<>();
        db.resultQuery("select date_bin(make_interval(secs => ?), sampled_at, ?::timestamptz) as t, coalesce(sum(requests), 0), "
                        + "coalesce(sum(server_errors), 0), coalesce(sum(writes), 0), " + BUCKET_SUMS
                        + " from slo_sample where target_key = ? and sampled_at > ?::timestamptz and sampled_at <= ?::timestamptz group by 1 order by 1",
                step.toMillis() / 1000.0, at(from), key, at(from), at(to))
                .forEach(r -> steps.add(new Step(r.get(0, OffsetDateTime.class).toInstant(), counts(r, 1))));
        return steps;
    }

    public Optional<Instant> lastSample(String key) {
        return Optional.ofNullable(db.select(DSL.max(SLO_SAMPLE.SAMPLED_AT)).from(SLO_SAMPLE)
                .where(SLO_SAMPLE.TARGET_KEY.eq(key)).fetchOne(0, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    private static WindowCounts counts(Record r, int first) {
        List<Long> buckets = new ArrayList<>(WindowCounts.BUCKETS);
        for (int i = 0; i < WindowCounts.BUCKETS; i++) {
            buckets.add(r.get(first + 3 + i, Long.class));
        }
        return new WindowCounts(r.get(first, Long.class), r.get(first + 1, Long.class), r.get(first + 2, Long.class), buckets);
    }

    // Alerts

    Optional<SloAlert> openAlert(String key, Sli sli, BurnRateRule rule) {
        return db.selectFrom(SLO_ALERT).where(SLO_ALERT.TARGET_KEY.eq(key).and(SLO_ALERT.SLI.eq(sli.id()))
                .and(SLO_ALERT.RULE.eq(rule.id())).and(SLO_ALERT.RESOLVED_AT.isNull())).fetchOptional().map(SloRepository::alert);
    }

    /** False if an open alert of the same target, SLI and rule exists already (another console instance fired it). */
    boolean insertAlert(SloAlert a) {
        return db.insertInto(SLO_ALERT).set(SLO_ALERT.ID, a.id()).set(SLO_ALERT.TARGET_KEY, a.targetKey())
                .set(SLO_ALERT.SLI, a.sli().id()).set(SLO_ALERT.RULE, a.rule().id()).set(SLO_ALERT.SEVERITY, a.rule().severity().id())
                .set(SLO_ALERT.LONG_WINDOW_S, a.longWindow().toSeconds()).set(SLO_ALERT.SHORT_WINDOW_S, a.shortWindow().toSeconds())
                .set(SLO_ALERT.THRESHOLD, a.rule().threshold()).set(SLO_ALERT.LONG_BURN, a.longBurn())
                .set(SLO_ALERT.SHORT_BURN, a.shortBurn()).set(SLO_ALERT.FIRED_AT, at(a.firedAt()))
                .onConflictDoNothing().execute() == 1;
    }

    /** False if it was resolved already. */
    boolean resolveAlert(UUID id, Instant at) {
        return db.update(SLO_ALERT).set(SLO_ALERT.RESOLVED_AT, at(at)).where(SLO_ALERT.ID.eq(id).and(SLO_ALERT.RESOLVED_AT.isNull()))
                .execute() == 1;
    }

    public List<SloAlert> openAlerts() {
        return db.selectFrom(SLO_ALERT).where(SLO_ALERT.RESOLVED_AT.isNull()).orderBy(SLO_ALERT.FIRED_AT.desc())
                .fetch(SloRepository::alert);
    }

    public List<SloAlert> alerts(String key, int limit) {
        return db.selectFrom(SLO_ALERT).where(SLO_ALERT.TARGET_KEY.eq(key)).orderBy(SLO_ALERT.FIRED_AT.desc()).limit(limit)
                .fetch(SloRepository::alert);
    }

    public Optional<SloAlert> alert(UUID id) {
        return db.selectFrom(SLO_ALERT).where(SLO_ALERT.ID.eq(id)).fetchOptional().map(SloRepository::alert);
    }

    private static SloAlert alert(SloAlertRecord r) {
        return new SloAlert(r.getId(), r.getTargetKey(), Sli.of(r.getSli()), BurnRateRule.of(r.getRule()),
                Duration.ofSeconds(r.getLongWindowS()), Duration.ofSeconds(r.getShortWindowS()), r.getLongBurn(), r.getShortBurn(),
                r.getFiredAt().toInstant(), r.getResolvedAt() == null ? null : r.getResolvedAt().toInstant());
    }

    // Deliveries (the outbox)

    /** A delivery to attempt: its row and payload. */
    record Due(UUID id, UUID alertId, String event, URI url, String payload, int attempts) {
    }

    void insertDelivery(UUID id, UUID alertId, String event, URI url, String payload, Instant now, String failure) {
        db.insertInto(SLO_ALERT_DELIVERY).set(SLO_ALERT_DELIVERY.ID, id).set(SLO_ALERT_DELIVERY.ALERT_ID, alertId)
                .set(SLO_ALERT_DELIVERY.EVENT, event).set(SLO_ALERT_DELIVERY.URL, url == null ? null : url.toString())
                .set(SLO_ALERT_DELIVERY.PAYLOAD, payload).set(SLO_ALERT_DELIVERY.STATE, failure == null ? "pending" : "failed")
                .set(SLO_ALERT_DELIVERY.LAST_ERROR, failure)
                .set(SLO_ALERT_DELIVERY.NEXT_ATTEMPT_AT, at(now)).set(SLO_ALERT_DELIVERY.CREATED_AT, at(now)).execute();
    }

    /** Due deliveries, locked for this transaction (another console instance skips them), oldest first. */
    List<Due> claimDue(Instant now, int limit) {
        return db.selectFrom(SLO_ALERT_DELIVERY)
                .where(SLO_ALERT_DELIVERY.STATE.eq("pending").and(SLO_ALERT_DELIVERY.NEXT_ATTEMPT_AT.le(at(now))))
                .orderBy(SLO_ALERT_DELIVERY.CREATED_AT).limit(limit).forUpdate().skipLocked()
                .fetch(r -> new Due(r.getId(), r.getAlertId(), r.getEvent(), URI.create(r.getUrl()), r.getPayload(), r.getAttempts()));
    }

    void recordAttempt(UUID id, String state, int attempts, Integer status, String error, Instant nextAttempt, Instant deliveredAt) {
        db.update(SLO_ALERT_DELIVERY).set(SLO_ALERT_DELIVERY.STATE, state).set(SLO_ALERT_DELIVERY.ATTEMPTS, attempts)
                .set(SLO_ALERT_DELIVERY.LAST_STATUS, status)
                .set(SLO_ALERT_DELIVERY.LAST_ERROR, error == null ? null : error.length() > 500 ? error.substring(0, 500) : error)
                .set(SLO_ALERT_DELIVERY.NEXT_ATTEMPT_AT, at(nextAttempt))
                .set(SLO_ALERT_DELIVERY.DELIVERED_AT, deliveredAt == null ? null : at(deliveredAt))
                .where(SLO_ALERT_DELIVERY.ID.eq(id)).execute();
    }

    public List<AlertDelivery> deliveries(UUID alertId) {
        return db.selectFrom(SLO_ALERT_DELIVERY).where(SLO_ALERT_DELIVERY.ALERT_ID.eq(alertId))
                .orderBy(SLO_ALERT_DELIVERY.CREATED_AT)
                .fetch(r -> new AlertDelivery(r.getId(), r.getAlertId(), r.getEvent(), r.getUrl() == null ? null : URI.create(r.getUrl()),
                        r.getState(), r.getAttempts(), r.getLastStatus(), r.getLastError(), r.getCreatedAt().toInstant(),
                        r.getDeliveredAt() == null ? null : r.getDeliveredAt().toInstant()));
    }

    private static OffsetDateTime at(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
