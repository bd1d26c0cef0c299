package com.companyos.agent.decisions;

import com.companyos.agent.AgentSettings;
import com.companyos.agentapi.control.ResidencyFacts;
import com.companyos.pki.MerkleTree;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Hourly receipt rollups (agent migration V6, ADR 0009): seals each tenant's finished hours into a Merkle root and
 * counts, and answers a Trust Report's question — a tenant's receipts in a period — from those rollups plus the few
 * live hours not sealed yet. Only counts and roots leave the region.
 * <p>
 * An hour is sealed {@link #GRACE} after it ends, so transactions that issued a receipt in it have committed. A
 * receipt that still lands in a sealed hour marks it pending again (trigger), and it is sealed anew.
 */
@Component
public class ReceiptRollups implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReceiptRollups.class);
    static final Duration GRACE = Duration.ofMinutes(2);
    private static final long ROLLUP_LOCK = 0x726f_6c6c_7570_7331L;
    private static final String HOUR_RECEIPTS = " from receipt where tenant_slug = ? and issued_at >= ?::timestamptz and issued_at < ?::timestamptz";

    /** One hour computed from its receipts. */
    record Computed(ResidencyFacts.Hour hour, List<ReceiptCount> counts) {
    }

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final TransactionTemplate snapshot;
    private final AgentSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "receipt-rollups");
        t.setDaemon(true);
        return t;
    });

    ReceiptRollups(DSLContext db, TransactionTemplate tx, AgentSettings settings, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.snapshot = new TransactionTemplate(tx.getTransactionManager());
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.snapshot.setReadOnly(true);
        this.settings = settings;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        timer.scheduleWithFixedDelay(() -> {
            try {
                while (sealDue(200) == 200) {
                    // keep going while there is a backlog
                }
            } catch (RuntimeException e) {
                log.warn("Sealing receipt rollups failed; will retry: {}", e.getMessage());
            }
        }, 3, 5, TimeUnit.SECONDS);
    }

    /** Seals up to {@code limit} pending hours that ended more than {@link #GRACE} ago; returns how many. */
    public int sealDue(int limit) {
        OffsetDateTime due = clock.instant().minus(Duration.ofHours(1)).minus(GRACE).atOffset(ZoneOffset.UTC);
        List<Record> pending = db.resultQuery("select tenant_slug, hour from receipt_rollup_pending where hour <= ?::timestamptz order by hour limit ?",
                due, limit).fetch();
        for (Record p : pending) {
            String tenant = p.get(0, String.class);
            Instant hour = p.get(1, OffsetDateTime.class).toInstant();
            tx.executeWithoutResult(s -> seal(tenant, hour));
        }
        return pending.size();
    }

    private void seal(String tenant, Instant hour) {
        db.execute("select pg_advisory_xact_lock(" + ROLLUP_LOCK + ")");
        OffsetDateTime at = hour.atOffset(ZoneOffset.UTC);
        if (db.execute("delete from receipt_rollup_pending where tenant_slug = ? and hour = ?::timestamptz", tenant, at) == 0) {
            return; // another replica sealed it
        }
        Computed c = compute(tenant, hour);
        db.execute("delete from receipt_rollup where tenant_slug = ? and hour = ?::timestamptz", tenant, at);
        db.execute("insert into receipt_rollup (tenant_slug, hour, receipts, merkle_root, sealed_at) values (?, ?::timestamptz, ?, ?, ?::timestamptz)",
                tenant, at, c.hour().receipts(), c.hour().root(), clock.instant().atOffset(ZoneOffset.UTC));
        for (ReceiptCount n : c.counts()) {
            db.execute("insert into receipt_rollup_count (tenant_slug, hour, seam, allowed, bundle_version, bundle_sha256, receipts) "
                    + "values (?, ?::timestamptz, ?, ?, ?, ?, ?)", tenant, at, n.seam(), n.allowed(), n.bundleVersion(), n.bundleSha256(), n.receipts());
        }
    }

    /** One hour from its receipts: leaves SHA-256(0x00 || body) hashed by PostgreSQL, ordered by receipt ID. */
    Computed compute(String tenant, Instant hour) {
        OffsetDateTime from = hour.atOffset(ZoneOffset.UTC);
        OffsetDateTime to = from.plusHours(1);
        List<byte[]> leaves = db.resultQuery("select sha256('\\x00'::bytea || convert_to(body, 'UTF8'))" + HOUR_RECEIPTS
                + " order by receipt_id", tenant, from, to).fetch(r -> r.get(0, byte[].class));
        List<ReceiptCount> counts = db.resultQuery("select seam, allowed, coalesce(body::jsonb ->> 'bundleVersion', ''), "
                        + "coalesce(body::jsonb ->> 'bundleSha256', ''), count(*)" + HOUR_RECEIPTS + " group by 1, 2, 3, 4", tenant, from, to)
                .fetch(r -> new ReceiptCount(r.get(0, String.class), r.get(1, Boolean.class), r.get(2, String.class), r.get(3, String.class),
                        r.get(4, Long.class)));
        long allowed = counts.stream().filter(ReceiptCount::allowed).mapToLong(ReceiptCount::receipts).sum();
        return new Computed(new ResidencyFacts.Hour(hour, leaves.size(), allowed, leaves.size() - allowed, MerkleTree.root(leaves), false),
                counts);
    }

    /**
     * A tenant's receipts in [from, to) (whole UTC hours) from the sealed rollups, and the pending hours computed now,
     * in one snapshot.
     */
    public ResidencyFacts facts(String tenant, String channel, Instant from, Instant to) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("A period needs from before to");
        }
        if (!from.equals(from.truncatedTo(ChronoUnit.HOURS)) || !to.equals(to.truncatedTo(ChronoUnit.HOURS))) {
            throw new IllegalArgumentException("A period starts and ends on a whole UTC hour");
        }
        return snapshot.execute(s -> read(tenant, channel, from, to));
    }

    private ResidencyFacts read(String tenant, String channel, Instant from, Instant to) {
        OffsetDateTime f = from.atOffset(ZoneOffset.UTC);
        OffsetDateTime t = to.atOffset(ZoneOffset.UTC);
        Map<Instant, ResidencyFacts.Hour> hours = new TreeMap<>();
        Map<Instant, List<ReceiptCount>> counts = new TreeMap<>();
        db.resultQuery("select hour, receipts, merkle_root from receipt_rollup where tenant_slug = ? and hour >= ?::timestamptz and hour < ?::timestamptz", tenant, f, t)
                .forEach(r -> hours.put(r.get(0, OffsetDateTime.class).toInstant(), new ResidencyFacts.Hour(r.get(0, OffsetDateTime.class).toInstant(),
                        r.get(1, Long.class), 0, 0, r.get(2, String.class), true)));
        db.resultQuery("select hour, seam, allowed, bundle_version, bundle_sha256, receipts from receipt_rollup_count "
                        + "where tenant_slug = ? and hour >= ?::timestamptz and hour < ?::timestamptz", tenant, f, t)
                .forEach(r -> counts.computeIfAbsent(r.get(0, OffsetDateTime.class).toInstant(), h -> new ArrayList<>())
                        .add(new ReceiptCount(r.get(1, String.class), r.get(2, Boolean.class), r.get(3, String.class), r.get(4, String.class),
                                r.get(5, Long.class))));
        List<Instant> live = db.resultQuery("select hour from receipt_rollup_pending where tenant_slug = ? and hour >= ?::timestamptz and hour < ?::timestamptz",
                tenant, f, t).fetch(r -> r.get(0, OffsetDateTime.class).toInstant());
        for (Instant hour : live) {
            Computed c = compute(tenant, hour);
            hours.put(hour, c.hour());
            counts.put(hour, c.counts());
        }
        return ResidencyFactsAssembly.assemble(settings.region().value(), tenant, from, to, clock.instant(), hours, counts, live.size(),
                bundleInForce(channel));
    }

    private ResidencyFacts.BundleInForce bundleInForce(String channel) {
        if (channel == null) {
            return null;
        }
        return db.resultQuery("select version, bundle_sha256, activated_at from policy_bundle_state where channel = ?", channel)
                .fetchOptional(r -> new ResidencyFacts.BundleInForce(channel, r.get(0, String.class), r.get(1, String.class),
                        r.get(2, OffsetDateTime.class).toInstant())).orElse(null);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
