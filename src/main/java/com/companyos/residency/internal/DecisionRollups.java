package com.companyos.residency.internal;

import com.companyos.agentapi.control.DecisionRollup;
import com.companyos.tenants.Tenant;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static com.companyos.db.Tables.DECISION_ROLLUP;
import static com.companyos.db.Tables.DECISION_ROLLUP_CURSOR;
import static com.companyos.db.Tables.DECISION_ROLLUP_REGION;
import static org.jooq.impl.DSL.sum;

/**
 * The console's decision rollups (hourly counts per region, tenant, seam and outcome, and the same over all customer
 * tenants — the residency probe's canaries are counted per tenant only):
 * deltas applied exactly once under a compare-and-set on the region's cursor, and the reads the dashboards make.
 */
@Component
public class DecisionRollups {

    /** A region's counting position. */
    public record Cursor(String region, long lastSeq, String chainStart) {
    }

    /** Decisions of one hour (or day), region, seam and outcome over all tenants. */
    public record Count(Instant at, String region, String seam, boolean allowed, long decisions) {
    }

    private final DSLContext db;

    DecisionRollups(DSLContext db) {
        this.db = db;
    }

    public Optional<Cursor> cursor(String region) {
        return db.selectFrom(DECISION_ROLLUP_CURSOR).where(DECISION_ROLLUP_CURSOR.REGION.eq(region)).fetchOptional()
                .map(r -> new Cursor(r.getRegion(), r.getLastSeq(), r.getChainStart()));
    }

    /** When each region's decisions were last counted. */
    @Transactional(readOnly = true)
    public java.util.Map<String, Instant> countedAt() {
        java.util.Map<String, Instant> m = new java.util.LinkedHashMap<>();
        db.selectFrom(DECISION_ROLLUP_CURSOR).orderBy(DECISION_ROLLUP_CURSOR.REGION)
                .forEach(r -> m.put(r.getRegion(), r.getUpdatedAt().toInstant()));
        return m;
    }

    /**
     * Adds a region's delta and moves its cursor from {@code delta.afterSeq()} to {@code delta.upToSeq()}, in one
     * transaction. Returns false (and changes nothing) if the cursor is no longer where the delta starts: another
     * console instance counted it first.
     */
    @Transactional
    public boolean apply(String region, DecisionRollup delta, Instant now) {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        int moved = delta.afterSeq() == 0
                ? db.insertInto(DECISION_ROLLUP_CURSOR).set(DECISION_ROLLUP_CURSOR.REGION, region)
                .set(DECISION_ROLLUP_CURSOR.LAST_SEQ, delta.upToSeq()).set(DECISION_ROLLUP_CURSOR.CHAIN_START, delta.chainStart())
                .set(DECISION_ROLLUP_CURSOR.UPDATED_AT, at).onConflictDoNothing().execute()
                : db.update(DECISION_ROLLUP_CURSOR).set(DECISION_ROLLUP_CURSOR.LAST_SEQ, delta.upToSeq())
                .set(DECISION_ROLLUP_CURSOR.CHAIN_START, delta.chainStart()).set(DECISION_ROLLUP_CURSOR.UPDATED_AT, at)
                .where(DECISION_ROLLUP_CURSOR.REGION.eq(region).and(DECISION_ROLLUP_CURSOR.LAST_SEQ.eq(delta.afterSeq()))).execute();
        if (moved == 0) {
            return false;
        }
        for (DecisionRollup.Bucket b : delta.buckets()) {
            add(b.hour(), region, b.tenant(), b.seam(), b.allowed(), b.count());
        }
        return true;
    }

    /** Counts one decision the console made itself, in the caller's transaction (the one that issues its receipt). */
    @Transactional
    public void countOne(Instant decidedAt, String region, String tenant, String seam, boolean allowed) {
        add(decidedAt.truncatedTo(ChronoUnit.HOURS), region, tenant, seam, allowed, 1);
    }

    /**
     * Forgets everything counted for a region whose decision log was replaced (a new chain), so it is counted again
     * from its first decision.
     */
    @Transactional
    public void restart(String region) {
        db.deleteFrom(DECISION_ROLLUP).where(DECISION_ROLLUP.REGION.eq(region)).execute();
        db.deleteFrom(DECISION_ROLLUP_REGION).where(DECISION_ROLLUP_REGION.REGION.eq(region)).execute();
        db.deleteFrom(DECISION_ROLLUP_CURSOR).where(DECISION_ROLLUP_CURSOR.REGION.eq(region)).execute();
    }

    private void add(Instant hour, String region, String tenant, String seam, boolean allowed, long count) {
        OffsetDateTime h = hour.atOffset(ZoneOffset.UTC);
        db.insertInto(DECISION_ROLLUP).set(DECISION_ROLLUP.HOUR, h).set(DECISION_ROLLUP.REGION, region)
                .set(DECISION_ROLLUP.TENANT_SLUG, tenant).set(DECISION_ROLLUP.SEAM, seam).set(DECISION_ROLLUP.ALLOWED, allowed)
                .set(DECISION_ROLLUP.DECISIONS, count)
                .onConflict(DECISION_ROLLUP.HOUR, DECISION_ROLLUP.REGION, DECISION_ROLLUP.TENANT_SLUG, DECISION_ROLLUP.SEAM, DECISION_ROLLUP.ALLOWED)
                .doUpdate().set(DECISION_ROLLUP.DECISIONS, DECISION_ROLLUP.DECISIONS.plus(count)).execute();
        if (tenant.startsWith(Tenant.SYNTHETIC_PREFIX)) {
            return; // the residency probe's canaries: their denials are the probe working, not violations prevented
        }
        db.insertInto(DECISION_ROLLUP_REGION).set(DECISION_ROLLUP_REGION.HOUR, h).set(DECISION_ROLLUP_REGION.REGION, region)
                .set(DECISION_ROLLUP_REGION.SEAM, seam).set(DECISION_ROLLUP_REGION.ALLOWED, allowed).set(DECISION_ROLLUP_REGION.DECISIONS, count)
                .onConflict(DECISION_ROLLUP_REGION.HOUR, DECISION_ROLLUP_REGION.REGION, DECISION_ROLLUP_REGION.SEAM, DECISION_ROLLUP_REGION.ALLOWED)
                .doUpdate().set(DECISION_ROLLUP_REGION.DECISIONS, DECISION_ROLLUP_REGION.DECISIONS.plus(count)).execute();
    }

    /** Platform-wide counts per day (UTC), region, seam and outcome in [from, to). */
    @Transactional(readOnly = true)
    public List<Count> daily(Instant from, Instant to) {
        Field<OffsetDateTime> day = org.jooq.impl.DSL.field("date_trunc('day', {0})", OffsetDateTime.class, DECISION_ROLLUP_REGION.HOUR);
        return db.select(day, DECISION_ROLLUP_REGION.REGION, DECISION_ROLLUP_REGION.SEAM, DECISION_ROLLUP_REGION.ALLOWED,
                        sum(DECISION_ROLLUP_REGION.DECISIONS).cast(Long.class))
                .from(DECISION_ROLLUP_REGION)
                .where(DECISION_ROLLUP_REGION.HOUR.ge(from.atOffset(ZoneOffset.UTC)).and(DECISION_ROLLUP_REGION.HOUR.lt(to.atOffset(ZoneOffset.UTC))))
                .groupBy(day, DECISION_ROLLUP_REGION.REGION, DECISION_ROLLUP_REGION.SEAM, DECISION_ROLLUP_REGION.ALLOWED)
                .fetch(r -> new Count(r.value1().toInstant(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** Platform-wide denials in the 24 h and the 30 days before {@code end}, and in the same spans before those. */
    public record Windows(long last24h, long previous24h, long previous30d) {
    }

    /** Denials in [dayAgo, end), [dayAgo - 24 h, dayAgo) and [monthAgo - 30 d, monthAgo), in one pass over the platform rows. */
    @Transactional(readOnly = true)
    public Windows deniedWindows(Instant dayAgo, Instant monthAgo, Instant end) {
        var hour = DECISION_ROLLUP_REGION.HOUR;
        var n = DECISION_ROLLUP_REGION.DECISIONS;
        OffsetDateTime day = dayAgo.atOffset(ZoneOffset.UTC);
        OffsetDateTime month = monthAgo.atOffset(ZoneOffset.UTC);
        var r = db.select(sum(n).filterWhere(hour.ge(day)), sum(n).filterWhere(hour.lt(day).and(hour.ge(day.minusHours(24)))),
                        sum(n).filterWhere(hour.lt(month)))
                .from(DECISION_ROLLUP_REGION)
                .where(DECISION_ROLLUP_REGION.ALLOWED.isFalse().and(hour.ge(month.minusDays(30))).and(hour.lt(end.atOffset(ZoneOffset.UTC))))
                .fetchOne();
        return new Windows(value(r.value1()), value(r.value2()), value(r.value3()));
    }

    private static long value(java.math.BigDecimal sum) {
        return sum == null ? 0 : sum.longValue();
    }

    /** One tenant's counts per hour, region, seam and outcome in [from, to). */
    @Transactional(readOnly = true)
    public List<Count> tenantHourly(String tenant, Instant from, Instant to) {
        return db.select(DECISION_ROLLUP.HOUR, DECISION_ROLLUP.REGION, DECISION_ROLLUP.SEAM, DECISION_ROLLUP.ALLOWED, DECISION_ROLLUP.DECISIONS)
                .from(DECISION_ROLLUP)
                .where(DECISION_ROLLUP.TENANT_SLUG.eq(tenant).and(DECISION_ROLLUP.HOUR.ge(from.atOffset(ZoneOffset.UTC)))
                        .and(DECISION_ROLLUP.HOUR.lt(to.atOffset(ZoneOffset.UTC))))
                .orderBy(DECISION_ROLLUP.HOUR)
                .fetch(r -> new Count(r.value1().toInstant(), r.value2(), r.value3(), r.value4(), r.value5()));
    }
}
