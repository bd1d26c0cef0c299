package com.companyos.agent.replication;

import com.companyos.agent.AgentSettings;
import com.companyos.agentapi.control.DirectoryEntry;
import com.companyos.agentapi.control.ReplicationStatus;
import com.companyos.agentapi.control.RoleChange;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.companyos.agent.db.Tables.REPLICATION_ACK;
import static com.companyos.agent.db.Tables.TENANT_NAMESPACE;
import static com.companyos.agent.db.Tables.TENANT_REPLICATION;

/**
 * Which role this region plays for each tenant it holds, under which epoch. Only the control plane changes roles
 * ({@link #change}); the directory confirms them ({@link #confirm}) — after a restart every role is unconfirmed and an
 * ACTIVE region takes no write until the control plane's directory says it still serves the tenant under the same
 * epoch, so a region that was failed away from while it was down never accepts a write it would have to give back.
 */
@Component
public class ReplicationRoles implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(ReplicationRoles.class);

    private final DSLContext db;
    private final AgentSettings settings;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final com.companyos.agent.traffic.TrafficSettings traffic;

    ReplicationRoles(DSLContext db, AgentSettings settings, Clock clock, com.companyos.agent.traffic.TrafficSettings traffic) {
        this.traffic = traffic;
        this.db = db;
        this.settings = settings;
        this.clock = clock;
    }

    /** Runs before this agent serves any request: nothing it believed before the restart is confirmed yet. */
    @Override
    public void afterPropertiesSet() {
        if (traffic.canary()) {
            log.info("A canary beside the region's agent: the tenants' roles stay as the region's agent holds them");
            return;
        }
        int n = db.update(TENANT_REPLICATION).set(TENANT_REPLICATION.CONFIRMED, false).where(TENANT_REPLICATION.CONFIRMED).execute();
        if (n > 0) {
            log.info("{} tenant role(s) wait for the control plane's confirmation before this region writes for them", n);
        }
    }

    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    /** Creates the tenant's replication state with its namespace (idempotent). */
    public void create(UUID tenant, String role, long epoch) {
        db.insertInto(TENANT_REPLICATION)
                .set(TENANT_REPLICATION.TENANT_ID, tenant)
                .set(TENANT_REPLICATION.ROLE, role)
                .set(TENANT_REPLICATION.EPOCH, epoch)
                .set(TENANT_REPLICATION.APPLIED_EPOCH, "STANDBY".equals(role) ? epoch : 0L)
                .set(TENANT_REPLICATION.CONFIRMED, true)
                .set(TENANT_REPLICATION.UPDATED_AT, now())
                .onConflictDoNothing()
                .execute();
        changed();
    }

    /** The control plane's directory entry for a tenant held here: confirm, or learn that this region was fenced. */
    @Transactional
    public void confirm(DirectoryEntry e) {
        UUID tenant = UUID.fromString(e.tenantId());
        var row = db.selectFrom(TENANT_REPLICATION).where(TENANT_REPLICATION.TENANT_ID.eq(tenant)).forUpdate().fetchOptional();
        if (row.isEmpty() || e.epoch() < row.get().getEpoch()) {
            return;
        }
        var r = row.get();
        boolean activeHere = settings.region().value().equals(e.activeRegion());
        String role = r.getRole();
        long epoch = r.getEpoch();
        if (activeHere && "ACTIVE".equals(role) && e.epoch() == epoch) {
            r.setConfirmed(true);
        } else if ("ACTIVE".equals(role) && e.epoch() > epoch) {
            // Only a newer epoch fences: the epoch is raised with every move, so it is the one fact that cannot be stale.
            log.warn("Tenant {}: the control plane says {} serves it under epoch {}; this region (epoch {}) is fenced", e.slug(),
                    e.activeRegion(), e.epoch(), epoch);
            r.setRole("FENCED");
            r.setEpoch(e.epoch());
            r.setConfirmed(true);
        } else if ("ACTIVE".equals(role)) {
            log.warn("Tenant {}: the directory names {} as active under this region's own epoch {}; ignored (a move raises the epoch)",
                    e.slug(), e.activeRegion(), epoch);
        } else {
            r.setEpoch(Math.max(epoch, e.epoch()));
            r.setConfirmed(true);
        }
        r.setMode(e.replicationMode() == null ? "ASYNC" : e.replicationMode());
        r.setFailedOver(e.failedOver());
        r.setFailoverOps(e.failoverOperations() == null ? "READ,WRITE" : e.failoverOperations());
        r.setUpdatedAt(now());
        r.update();
        changed();
    }

    /** A standby refused our batch because it knows a newer epoch: stop writing for this tenant. */
    @Transactional
    public void fencedByPeer(UUID tenant, long epoch, String peer) {
        int n = db.update(TENANT_REPLICATION).set(TENANT_REPLICATION.ROLE, "FENCED").set(TENANT_REPLICATION.EPOCH, epoch)
                .set(TENANT_REPLICATION.CONFIRMED, true).set(TENANT_REPLICATION.UPDATED_AT, now())
                .where(TENANT_REPLICATION.TENANT_ID.eq(tenant).and(TENANT_REPLICATION.ROLE.eq("ACTIVE"))
                        .and(TENANT_REPLICATION.EPOCH.lt(epoch)))
                .execute();
        if (n > 0) {
            log.warn("Tenant {}: {} serves it under epoch {}; this region is fenced", tenant, peer, epoch);
            changed();
        }
    }

    /** The control plane gives this region a role for a tenant (promotion, demotion to standby, fencing). */
    @Transactional
    public ReplicationStatus change(UUID tenant, RoleChange c) {
        if (c.role() == null || !List.of(RoleChange.ACTIVE, RoleChange.STANDBY, RoleChange.FENCED).contains(c.role())) {
            throw new IllegalArgumentException("role must be ACTIVE, STANDBY or FENCED");
        }
        var r = db.selectFrom(TENANT_REPLICATION).where(TENANT_REPLICATION.TENANT_ID.eq(tenant)).forUpdate().fetchOptional()
                .orElseThrow(() -> new NoSuchElementException("Tenant " + tenant + " has no namespace in " + settings.region()));
        boolean newer = c.epoch() > r.getEpoch();
        // A fenced region becomes the standby under the epoch that fenced it (the failover's last step).
        boolean demotion = c.epoch() == r.getEpoch() && "FENCED".equals(r.getRole()) && RoleChange.STANDBY.equals(c.role());
        if (!newer && !demotion && !(c.epoch() == r.getEpoch() && c.role().equals(r.getRole()))) {
            throw new IllegalStateException("Refused: role " + c.role() + " under epoch " + c.epoch() + ", but " + settings.region()
                    + " already holds epoch " + r.getEpoch() + " as " + r.getRole());
        }
        OffsetDateTime now = now();
        if (newer || demotion) {
            switch (c.role()) {
                case RoleChange.ACTIVE -> {
                    // Promotion: what this region has is the tenant's data now; its stream continues from there.
                    long from = "STANDBY".equals(r.getRole()) ? r.getAppliedSeq() : r.getNextSeq();
                    r.setNextSeq(from);
                    db.execute("insert into replication_ack (tenant_id, acked_seq, acked_at) values (?::uuid, ?::int8, null) "
                            + "on conflict (tenant_id) do update set acked_seq = excluded.acked_seq", tenant, from);
                    r.setEpochStartSeq(from + 1);
                    r.setNeedsReseed(false);
                }
                case RoleChange.STANDBY -> {
                    if (!"STANDBY".equals(r.getRole())) {
                        demote(tenant, r.getNextSeq(), c.promotedAtSeq(), r.getEpoch(), now);
                        r.setNeedsReseed(r.getNextSeq() > c.promotedAtSeq());
                        r.setAppliedSeq(Math.min(r.getNextSeq(), c.promotedAtSeq()));
                        r.setAppliedEpoch(r.getEpoch());
                    }
                }
                default -> {
                }
            }
            r.setRole(c.role());
            r.setEpoch(c.epoch());
        }
        r.setConfirmed(true);
        r.setFailedOver(c.failedOver());
        if (c.failoverOperations() != null) {
            r.setFailoverOps(c.failoverOperations());
        }
        r.setUpdatedAt(now);
        r.update();
        log.info("Tenant {}: {} is now {} under epoch {} ({})", tenant, settings.region(), c.role(), c.epoch(), c.reason());
        changed();
        return status(tenant).orElseThrow();
    }

    /**
     * An old active region becoming the standby: changes it committed after the promoted region's last one never
     * reached the tenant's active region; they move to quarantine (kept for reconciliation), and the outbox is emptied.
     */
    private void demote(UUID tenant, long nextSeq, long promotedAtSeq, long epoch, OffsetDateTime now) {
        int quarantined = db.execute("insert into replication_diverged (tenant_id, seq, epoch, op, record_key, classification, "
                + "retention_until, retention_policy, payload, payload_sha256, written_at, quarantined_at) "
                + "select tenant_id, seq, epoch, op, record_key, classification, retention_until, retention_policy, payload, "
                + "payload_sha256, written_at, ?::timestamptz from replication_outbox where tenant_id = ?::uuid and seq > ?::bigint "
                + "on conflict do nothing",
                now, tenant, promotedAtSeq);
        db.execute("delete from replication_outbox where tenant_id = ?", tenant);
        if (quarantined > 0 || nextSeq > promotedAtSeq) {
            log.warn("Tenant {}: {} change(s) committed here after seq {} never reached the promoted region; quarantined for "
                    + "reconciliation, and this region will be re-seeded", tenant, quarantined, promotedAtSeq);
        }
    }

    public Optional<ReplicationStatus> status(UUID tenant) {
        return statuses(TENANT_REPLICATION.TENANT_ID.eq(tenant)).stream().findFirst();
    }

    public List<ReplicationStatus> all() {
        return statuses(org.jooq.impl.DSL.noCondition());
    }

    /** Shipping problems and last decisions, kept in memory by the shipper (not persisted). */
    interface Live {
        Live NONE = t -> null;

        LaneView lane(UUID tenant);
    }

    record LaneView(String problem, UUID lastDecisionId, boolean lastDecisionAllowed) {
    }

    private volatile Live live = Live.NONE;

    void live(Live live) {
        this.live = live;
    }

    private List<ReplicationStatus> statuses(org.jooq.Condition where) {
        Instant now = clock.instant();
        var oldest = org.jooq.impl.DSL.field("(select min(o.written_at) from replication_outbox o where o.tenant_id = "
                + "tenant_replication.tenant_id and o.seq > coalesce(replication_ack.acked_seq, 0))", OffsetDateTime.class);
        var diverged = org.jooq.impl.DSL.field("(select count(*) from replication_diverged d where d.tenant_id = "
                + "tenant_replication.tenant_id)", Long.class);
        var standby = org.jooq.impl.DSL.field("(select d.standby_region from tenant_directory d where d.tenant_id = "
                + "tenant_replication.tenant_id)", String.class);
        return db.select(TENANT_REPLICATION.asterisk(), TENANT_NAMESPACE.SLUG, oldest, diverged, standby, REPLICATION_ACK.ACKED_SEQ,
                        REPLICATION_ACK.ACKED_AT)
                .from(TENANT_REPLICATION).join(TENANT_NAMESPACE).on(TENANT_NAMESPACE.TENANT_ID.eq(TENANT_REPLICATION.TENANT_ID))
                .leftJoin(REPLICATION_ACK).on(REPLICATION_ACK.TENANT_ID.eq(TENANT_REPLICATION.TENANT_ID))
                .where(where).orderBy(TENANT_NAMESPACE.SLUG)
                .fetch(rec -> toStatus(rec, now, rec.get(oldest), rec.get(diverged), rec.get(standby),
                        rec.get(REPLICATION_ACK.ACKED_SEQ) == null ? 0 : rec.get(REPLICATION_ACK.ACKED_SEQ), rec.get(REPLICATION_ACK.ACKED_AT)));
    }

    private ReplicationStatus toStatus(Record rec, Instant now, OffsetDateTime oldest, Long diverged, String standby, long ackedSeq,
                                       OffsetDateTime ackedAt) {
        var r = rec.into(TENANT_REPLICATION);
        boolean active = "ACTIVE".equals(r.getRole());
        long behind = active ? Math.max(0, r.getNextSeq() - ackedSeq) : 0;
        double seconds = active && oldest != null ? Math.max(0, (now.toEpochMilli() - oldest.toInstant().toEpochMilli()) / 1000.0) : 0;
        LaneView lane = live.lane(r.getTenantId());
        return new ReplicationStatus(r.getTenantId().toString(), rec.get(TENANT_NAMESPACE.SLUG), settings.region().value(), r.getRole(),
                r.getEpoch(), r.getConfirmed(), r.getMode(), standby, r.getNextSeq(), ackedSeq, instant(ackedAt),
                behind, seconds, r.getAppliedSeq(), r.getAppliedEpoch(), r.getAppliedChanges(), instant(r.getAppliedAt()),
                instant(r.getAppliedWrittenAt()), r.getEpochStartSeq(), diverged == null ? 0 : diverged,
                lane == null ? (r.getNeedsReseed() ? "waiting for a re-seed from the active region" : null) : lane.problem(),
                lane == null || lane.lastDecisionId() == null ? null : lane.lastDecisionId().toString(),
                lane != null && lane.lastDecisionAllowed());
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
