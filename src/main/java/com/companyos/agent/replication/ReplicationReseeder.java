package com.companyos.agent.replication;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.decisions.ResidencyGuard;
import com.companyos.agent.store.RecordStore;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agentapi.peer.PeerHello;
import com.companyos.agentapi.peer.ReplicationAck;
import com.companyos.agentapi.peer.ReplicationBatch;
import com.companyos.agentapi.peer.ReplicationChange;
import com.companyos.base.RegionId;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Re-seeds a standby that lost its place in the stream (it answered {@code RESEED}) from one consistent snapshot. */
@Component
class ReplicationReseeder {

    private static final Logger log = LoggerFactory.getLogger(ReplicationShipper.class);

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final ReplicationDecider decider;
    private final ReplicationPeers peers;
    private final AgentSettings settings;

    ReplicationReseeder(DSLContext db, TransactionTemplate tx, ReplicationDecider decider, ReplicationPeers peers, AgentSettings settings) {
        this.db = db;
        this.tx = tx;
        this.decider = decider;
        this.peers = peers;
        this.settings = settings;
    }

    /**
     * Sends the standby this region's records as of one sequence number (read in one repeatable-read snapshot), in
     * key-ordered batches, each under its own replication decision; then the stream continues after that number.
     */
    /** Returns the sequence number the standby now holds everything up to, or null if the re-seed stopped (see the lane). */
    Long reseed(UUID tenant, ShippingLane lane, long epoch, TenantRef ref, RegionId standby, PeerHello hello) {
        TransactionTemplate snapshotTx = new TransactionTemplate(tx.getTransactionManager());
        snapshotTx.setIsolationLevel(org.springframework.transaction.TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshotTx.setReadOnly(true);
        Long done = snapshotTx.execute(status -> {
            long at = db.fetchSingle("select next_seq from tenant_replication where tenant_id = ?", tenant).get(0, Long.class);
            String after = "";
            boolean firstBatch = true;
            while (true) {
                List<ReplicationChange> page = db.fetch("select record_key, classification, retention_until, retention_policy, payload, "
                                + "payload_sha256, updated_at from " + RecordStore.quoted(ref.schema()) + ".record where record_key > ? "
                                + "order by record_key limit " + ShippingLane.BATCH, after)
                        .map(r -> new ReplicationChange(0, epoch, ReplicationChange.PUT, r.get(0, String.class), r.get(1, String.class),
                                r.get(2, LocalDate.class), r.get(3, String.class), r.get(4, byte[].class), r.get(5, String.class), null, null,
                                r.get(6, OffsetDateTime.class).toInstant()));
                boolean complete = page.size() < ShippingLane.BATCH;
                ResidencyGuard.Verdict verdict = decider.decide(ref, standby, hello, 0, at, page);
                if (!verdict.allowed()) {
                    lane.problem("re-seed refused by policy: " + verdict.decision().explanation(), ShippingLane.DENIED_BACKOFF);
                }
                lane.decided(verdict.decisionId(), verdict.allowed());
                if (!verdict.allowed()) {
                    return null;
                }
                ReplicationAck ack;
                try {
                    ack = peers.ship(standby, ref.standbyControlUrl(), new ReplicationBatch(tenant.toString(), settings.region().value(),
                            epoch, page, verdict.decisionId().toString(), verdict.receipt().receiptId(), true, firstBatch, complete, at));
                } catch (ReplicationPeers.PeerException e) {
                    lane.problem("re-seed of " + standby + " interrupted: " + e.getMessage(), ShippingLane.PEER_BACKOFF);
                    return null;
                }
                if (!ack.accepted()) {
                    lane.problem("re-seed refused by " + standby + ": " + ack.reason(), Duration.ofSeconds(2));
                    return null;
                }
                if (complete) {
                    log.info("Tenant {}: re-seeded {} as of seq {}", tenant, standby, at);
                    return at;
                }
                firstBatch = false;
                after = page.get(page.size() - 1).key();
            }
        });
        return done;
    }
}
