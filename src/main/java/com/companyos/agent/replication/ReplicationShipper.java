package com.companyos.agent.replication;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.decisions.ResidencyGuard;
import com.companyos.agent.store.RecordStore;
import com.companyos.agent.tenancy.TenantLookup;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agentapi.data.Seam;
import com.companyos.agentapi.peer.PeerHello;
import com.companyos.agentapi.peer.ReplicationAck;
import com.companyos.agentapi.peer.ReplicationBatch;
import com.companyos.agentapi.peer.ReplicationChange;
import com.companyos.base.Hashing;
import com.companyos.base.RegionId;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import static com.companyos.agent.db.Tables.REPLICATION_OUTBOX;

/**
 * Ships each tenant's committed changes from this (active) region to its standby, in sequence order, in batches.
 * Before every batch the policy decides the replication seam (standby region and the zone the standby itself states
 * over mutual TLS) and the decision and its receipt are committed here; a refusal ships nothing. The standby's
 * acknowledgement moves {@code replication_ack.acked_seq} and empties the outbox up to it. A crash anywhere loses nothing: the outbox
 * is committed with the change, and a resent batch is applied once (by sequence number).
 *
 * <p>One lane per tenant keeps order (one batch in flight per tenant). Asynchronous tenants linger 100 ms to fill
 * batches — every batch costs a policy decision, a receipt, a round trip and a commit on each side, so at hundreds of
 * writes a second fuller batches halve the CPU replication takes, for at most 0.1 s more lag (the target is 1 s); a
 * synchronous tenant's writer waits for the acknowledgement of its own sequence number (shipped at once).
 */
@Component
public class ReplicationShipper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplicationShipper.class);
    private static final long LINGER_MS = 100;
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(5);

    /** A synchronous write committed here whose standby confirmation did not come in time. */
    public static class NotReplicatedException extends RuntimeException {
        private final long seq;

        NotReplicatedException(String message, long seq) {
            super(message);
            this.seq = seq;
        }

        public long seq() {
            return seq;
        }
    }

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final ReplicationDecider decider;
    private final ReplicationReseeder reseeder;
    private final TenantLookup tenants;
    private final ReplicationPeers peers;
    private final ReplicationRoles roles;
    private final AgentSettings settings;
    private final Clock clock;
    private final Map<UUID, ShippingLane> lanes = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService pool;

    ReplicationShipper(DSLContext db, TransactionTemplate tx, ReplicationDecider decider, ReplicationReseeder reseeder,
                       TenantLookup tenants, ReplicationPeers peers, ReplicationRoles roles, AgentSettings settings, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.decider = decider;
        this.reseeder = reseeder;
        this.tenants = tenants;
        this.peers = peers;
        this.roles = roles;
        this.settings = settings;
        this.clock = clock;
        roles.live(tenant -> {
            ShippingLane l = lanes.get(tenant);
            return l == null ? null : l.view();
        });
    }

    /**
     * After a change committed: schedule shipping; for a synchronous tenant, wait until the standby acknowledged this
     * change. Returns what the writer is told ({@code async}, or {@code sync:<standby>}).
     */
    public String afterCommit(UUID tenant, ReplicationLog.Appended appended) {
        if (!appended.synchronous()) {
            wake(tenant, LINGER_MS);
            return "async";
        }
        ShippingLane lane = lane(tenant);
        wake(tenant, 0);
        long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
        synchronized (lane) {
            while (lane.acked < appended.seq()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new NotReplicatedException("The write is committed in " + settings.region() + " (seq " + appended.seq()
                            + ") but the standby did not confirm it within " + SYNC_TIMEOUT.toSeconds() + " s"
                            + (lane.problem == null ? "" : " (" + lane.problem + ")") + "; it will be shipped when the standby is back. "
                            + "Retrying the same write is safe.", appended.seq());
                }
                try {
                    lane.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NotReplicatedException("Interrupted while waiting for the standby", appended.seq());
                }
            }
        }
        return "sync:" + lane.standby;
    }

    void wake(UUID tenant, long delayMs) {
        ShippingLane lane = lane(tenant);
        ScheduledExecutorService p = pool;
        if (p != null && lane.scheduled.compareAndSet(false, true)) {
            p.schedule(() -> run(tenant), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private ShippingLane lane(UUID tenant) {
        return lanes.computeIfAbsent(tenant, t -> new ShippingLane());
    }

    private void run(UUID tenant) {
        ShippingLane lane = lane(tenant);
        lane.scheduled.set(false);
        if (!lane.running.tryLock()) {
            wake(tenant, 5);
            return;
        }
        try {
            if (System.nanoTime() - lane.retryAtNanos < 0) {
                return;
            }
            while (shipOnce(tenant, lane)) {
                // a full batch went out: there may be more
            }
        } catch (RuntimeException e) {
            lane.problem("shipping failed: " + e.getMessage(), ShippingLane.PEER_BACKOFF);
            log.warn("Replication of tenant {} failed", tenant, e);
        } finally {
            lane.running.unlock();
        }
    }

    private record State(String role, boolean confirmed, long epoch, long ackedSeq, long nextSeq) {
    }

    /** Ships one batch; true if it was full (call again). */
    private boolean shipOnce(UUID tenant, ShippingLane lane) {
        State st = db.fetchOptional("select r.role, r.confirmed, r.epoch, coalesce(a.acked_seq, 0), r.next_seq from tenant_replication r "
                        + "left join replication_ack a using (tenant_id) where r.tenant_id = ?", tenant)
                .map(r -> new State(r.get(0, String.class), r.get(1, Boolean.class), r.get(2, Long.class), r.get(3, Long.class),
                        r.get(4, Long.class)))
                .orElse(null);
        // A fenced region still ships what it committed before it was fenced (a planned failover drains it this way);
        // the standby refuses it once it has been promoted under a newer epoch.
        if (st == null || !st.confirmed() || !("ACTIVE".equals(st.role()) || "FENCED".equals(st.role()))) {
            return false;
        }
        lane.acked(st.ackedSeq());
        if (st.ackedSeq() >= st.nextSeq()) {
            lane.problem = null;
            return false;
        }
        TenantRef ref = tenants.byId(tenant).orElse(null);
        if (ref == null || ref.standbyRegion() == null || ref.standbyControlUrl() == null) {
            lane.problem("no standby region known yet (waiting for the control plane's directory)", Duration.ofSeconds(2));
            return false;
        }
        if (ref.standbyRegion().equals(settings.region().value())) {
            lane.problem("fenced: " + ref.activeRegion() + " serves this tenant now; " + (st.nextSeq() - st.ackedSeq())
                    + " change(s) committed here were not shipped and wait for the control plane to make this region the standby "
                    + "(they are then quarantined for reconciliation)", Duration.ofSeconds(5));
            return false;
        }
        lane.standby = ref.standbyRegion();
        List<ReplicationChange> changes = outbox(tenant, st.ackedSeq());
        if (changes.isEmpty()) {
            return false;
        }
        RegionId standby = RegionId.of(ref.standbyRegion());
        PeerHello hello;
        try {
            hello = peers.hello(standby, ref.standbyControlUrl());
        } catch (ReplicationPeers.PeerException e) {
            lane.problem("standby " + standby + " unreachable: " + e.getMessage(), ShippingLane.PEER_BACKOFF);
            return false;
        }
        long first = changes.get(0).seq();
        long last = changes.get(changes.size() - 1).seq();
        ResidencyGuard.Verdict verdict = decider.decide(ref, standby, hello, first, last, changes);
        if (!verdict.allowed()) {
            lane.problem("refused by policy: " + verdict.decision().explanation(), ShippingLane.DENIED_BACKOFF);
        }
        lane.decided(verdict.decisionId(), verdict.allowed());
        if (!verdict.allowed()) {
            return false;
        }
        ReplicationAck ack;
        try {
            ack = peers.ship(standby, ref.standbyControlUrl(), ReplicationBatch.stream(tenant.toString(), settings.region().value(),
                    changes.get(changes.size() - 1).epoch(), changes, verdict.decisionId().toString(), verdict.receipt().receiptId()));
        } catch (ReplicationPeers.PeerException e) {
            lane.problem("standby " + standby + ": " + e.getMessage(), ShippingLane.PEER_BACKOFF);
            return false;
        }
        return handle(tenant, lane, st, ref, standby, hello, ack) && changes.size() == ShippingLane.BATCH;
    }

    private boolean handle(UUID tenant, ShippingLane lane, State st, TenantRef ref, RegionId standby, PeerHello hello, ReplicationAck ack) {
        if (ack.accepted()) {
            confirmAck(tenant, lane, ack.appliedSeq());
            lane.problem = null;
            return true;
        }
        switch (ack.reason()) {
            case ReplicationAck.STALE_EPOCH -> {
                roles.fencedByPeer(tenant, ack.epoch(), standby.value());
                lane.problem("fenced: " + standby + " serves this tenant under epoch " + ack.epoch(), Duration.ZERO);
            }
            case ReplicationAck.GAP -> {
                if (ack.appliedSeq() >= st.ackedSeq()) {
                    confirmAck(tenant, lane, ack.appliedSeq());
                    return true;
                }
                lane.problem("standby " + standby + " is at seq " + ack.appliedSeq() + ", behind what it acknowledged ("
                        + st.ackedSeq() + "); it needs a re-seed", ShippingLane.DENIED_BACKOFF);
            }
            case ReplicationAck.RESEED -> {
                Long seededUpTo = reseeder.reseed(tenant, lane, st.epoch(), ref, standby, hello);
                if (seededUpTo != null) {
                    // The stream continues after the snapshot: the standby has everything up to it.
                    confirmAck(tenant, lane, seededUpTo);
                    lane.problem = null;
                    wake(tenant, 0);
                }
                return false;
            }
            default -> lane.problem("standby " + standby + " refused: " + ack.reason(), Duration.ofSeconds(2));
        }
        return false;
    }

    private List<ReplicationChange> outbox(UUID tenant, long after) {
        return db.fetch("select seq, epoch, op, record_key, classification, retention_until, retention_policy, payload, payload_sha256, "
                        + "token_id, token_sha256, written_at from replication_outbox where tenant_id = ? and seq > ? order by seq limit "
                        + ShippingLane.BATCH, tenant, after)
                .map(r -> new ReplicationChange(r.get(0, Long.class), r.get(1, Long.class), r.get(2, String.class), r.get(3, String.class),
                        r.get(4, String.class), r.get(5, LocalDate.class), r.get(6, String.class), r.get(7, byte[].class),
                        r.get(8, String.class), r.get(9, String.class), r.get(10, String.class),
                        r.get(11, OffsetDateTime.class).toInstant()));
    }

    private void confirmAck(UUID tenant, ShippingLane lane, long appliedSeq) {
        tx.executeWithoutResult(status -> {
            // Committed without waiting for its WAL flush: an acknowledgement lost in a crash only means those changes
            // are shipped again, and the standby applies each sequence number once. The write path's commits (which
            // wait for the flush anyway) then do not queue behind this one's.
            db.execute("set local synchronous_commit = off");
            db.execute("insert into replication_ack (tenant_id, acked_seq, acked_at) select tenant_id, ?::int8, ?::timestamptz from tenant_replication "
                    + "where tenant_id = ? and role in ('ACTIVE', 'FENCED') on conflict (tenant_id) do update "
                    + "set acked_seq = greatest(replication_ack.acked_seq, excluded.acked_seq), acked_at = excluded.acked_at",
                    appliedSeq, clock.instant().atOffset(java.time.ZoneOffset.UTC), tenant);
            db.deleteFrom(REPLICATION_OUTBOX).where(REPLICATION_OUTBOX.TENANT_ID.eq(tenant).and(REPLICATION_OUTBOX.SEQ.le(appliedSeq))).execute();
        });
        lane.acked(appliedSeq);
    }

    /** Every second: tenants with unacknowledged changes (after a restart, a peer outage or a backoff) are retried. */
    private void sweep() {
        try {
            db.fetch("select r.tenant_id from tenant_replication r left join replication_ack a using (tenant_id) "
                            + "where r.role in ('ACTIVE', 'FENCED') and r.confirmed and r.next_seq > coalesce(a.acked_seq, 0)")
                    .forEach(r -> wake(r.get(0, UUID.class), 0));
        } catch (RuntimeException e) {
            log.debug("Replication sweep failed: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService p = Executors.newScheduledThreadPool(3, r -> {
            Thread t = new Thread(r, "replication-shipper");
            t.setDaemon(true);
            return t;
        });
        p.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
        pool = p;
    }

    @Override
    public void stop() {
        ScheduledExecutorService p = pool;
        pool = null;
        if (p != null) {
            p.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return pool != null;
    }
}
