package com.companyos.agent.replication;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.db.tables.records.TenantReplicationRecord;
import com.companyos.agent.store.RecordStore;
import com.companyos.agent.tenancy.TenantTokens;
import com.companyos.agentapi.peer.ReplicationAck;
import com.companyos.agentapi.peer.ReplicationBatch;
import com.companyos.agentapi.peer.ReplicationChange;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static com.companyos.agent.db.Tables.TENANT_DIRECTORY;
import static com.companyos.agent.db.Tables.TENANT_NAMESPACE;
import static com.companyos.agent.db.Tables.TENANT_REPLICATION;

/**
 * The standby side: applies a batch of a tenant's changes in one transaction, each exactly once (a change at or below
 * the applied sequence number is skipped — resending after a lost acknowledgement is harmless), strictly in order (a
 * gap is refused with where to resume), and only under an epoch at least as new as the one this region knows (an old
 * primary that was failed away from is refused and told it is fenced).
 */
@Component
class ReplicationApplier {

    private final DSLContext db;
    private final AgentSettings settings;
    private final Clock clock;
    private final TenantTokens tokens;

    ReplicationApplier(DSLContext db, AgentSettings settings, Clock clock, TenantTokens tokens) {
        this.db = db;
        this.settings = settings;
        this.clock = clock;
        this.tokens = tokens;
    }

    @Transactional
    public ReplicationAck apply(ReplicationBatch batch, String peerRegion) {
        UUID tenant = UUID.fromString(batch.tenantId());
        String here = settings.region().value();
        if (!peerRegion.equals(batch.sourceRegion())) {
            throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.FORBIDDEN,
                    "The batch names " + batch.sourceRegion() + " as its source but the peer is " + peerRegion);
        }
        var directory = db.selectFrom(TENANT_DIRECTORY).where(TENANT_DIRECTORY.TENANT_ID.eq(tenant)).fetchOptional();
        if (directory.isPresent() && !peerRegion.equals(directory.get().getPrimaryRegion())
                && !peerRegion.equals(directory.get().getFailoverRegion())) {
            throw new org.springframework.web.server.ResponseStatusException(org.springframework.http.HttpStatus.FORBIDDEN,
                    peerRegion + " is neither the primary nor the failover region of this tenant");
        }
        var r = db.selectFrom(TENANT_REPLICATION).where(TENANT_REPLICATION.TENANT_ID.eq(tenant)).forUpdate().fetchOptional().orElse(null);
        if (r == null) {
            return new ReplicationAck(batch.tenantId(), here, false, 0, 0, ReplicationAck.UNKNOWN_TENANT);
        }
        if (batch.epoch() < r.getEpoch()) {
            // The sender was failed away from. If this region was promoted, tell it where the new epoch began.
            long at = "ACTIVE".equals(r.getRole()) ? r.getEpochStartSeq() - 1 : r.getAppliedSeq();
            return new ReplicationAck(batch.tenantId(), here, false, at, r.getEpoch(), ReplicationAck.STALE_EPOCH);
        }
        if (!"STANDBY".equals(r.getRole())) {
            return new ReplicationAck(batch.tenantId(), here, false, r.getAppliedSeq(), r.getEpoch(), ReplicationAck.NOT_STANDBY);
        }
        if (r.getNeedsReseed() && !batch.snapshot()) {
            return new ReplicationAck(batch.tenantId(), here, false, r.getAppliedSeq(), r.getEpoch(), ReplicationAck.RESEED);
        }
        String schema = db.select(TENANT_NAMESPACE.SCHEMA_NAME).from(TENANT_NAMESPACE).where(TENANT_NAMESPACE.TENANT_ID.eq(tenant))
                .fetchSingle(TENANT_NAMESPACE.SCHEMA_NAME);
        long applied = r.getAppliedSeq();
        long changes = r.getAppliedChanges();
        OffsetDateTime lastWritten = r.getAppliedWrittenAt();
        if (batch.snapshot()) {
            Applied a = applySnapshot(batch, tenant, schema);
            applied = a.seq();
            lastWritten = a.writtenAt() == null ? lastWritten : a.writtenAt();
            if (batch.snapshotComplete()) {
                r.setNeedsReseed(false);
            }
        } else {
            List<ReplicationChange> toApply = new ArrayList<>();
            boolean gap = false;
            for (ReplicationChange c : batch.changes()) {
                if (c.seq() <= applied) {
                    continue;
                }
                if (c.seq() != applied + 1) {
                    gap = true;
                    break;
                }
                if (c.epoch() > batch.epoch()) {
                    throw new IllegalArgumentException("Change " + c.seq() + " claims epoch " + c.epoch() + " above its batch's " + batch.epoch());
                }
                toApply.add(c);
                applied = c.seq();
                changes++;
                lastWritten = c.writtenAt() == null ? lastWritten : c.writtenAt().atOffset(ZoneOffset.UTC);
            }
            applyAll(tenant, schema, toApply);
            if (gap) {
                if (!toApply.isEmpty()) {
                    progress(r, batch.epoch(), applied, changes, lastWritten);
                }
                return new ReplicationAck(batch.tenantId(), here, false, applied, r.getEpoch(), ReplicationAck.GAP);
            }
        }
        progress(r, batch.epoch(), applied, changes, lastWritten);
        return new ReplicationAck(batch.tenantId(), here, true, applied, batch.epoch(), null);
    }

    private void progress(TenantReplicationRecord r, long epoch, long applied, long changes, OffsetDateTime lastWritten) {
        r.setEpoch(epoch);
        r.setAppliedSeq(applied);
        r.setAppliedEpoch(epoch);
        r.setAppliedChanges(changes);
        r.setAppliedAt(clock.instant().atOffset(ZoneOffset.UTC));
        r.setAppliedWrittenAt(lastWritten);
        r.setUpdatedAt(clock.instant().atOffset(ZoneOffset.UTC));
        r.update();
    }

    private record Applied(long seq, OffsetDateTime writtenAt) {
    }

    /**
     * A re-seed: the active region's records as of its sequence number {@code snapshotSeq}, in key order over several
     * batches; the first batch replaces everything here (the quarantine already kept what diverged).
     */
    private Applied applySnapshot(ReplicationBatch batch, UUID tenant, String schema) {
        if (batch.snapshotFirst()) {
            db.execute("delete from " + RecordStore.quoted(schema) + ".record");
        }
        OffsetDateTime last = null;
        for (ReplicationChange c : batch.changes()) {
            last = c.writtenAt() == null ? last : c.writtenAt().atOffset(ZoneOffset.UTC);
        }
        applyAll(tenant, schema, batch.changes());
        return new Applied(batch.snapshotSeq(), last);
    }

    /**
     * Applies changes in order. Consecutive record writes go to the database together (one statement for a run of
     * distinct keys); a delete, a token change or a second write of the same key ends the run.
     */
    private void applyAll(UUID tenant, String schema, List<ReplicationChange> changes) {
        List<RecordStore.Put> run = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (ReplicationChange c : changes) {
            boolean put = ReplicationChange.PUT.equals(c.op());
            if (!put || keys.contains(c.key())) {
                flush(schema, run, keys);
            }
            if (put) {
                keys.add(c.key());
                run.add(new RecordStore.Put(c.key(), c.classification(), c.retentionUntil(), c.retentionPolicy(), c.payload(),
                        c.payloadSha256(), c.writtenAt().atOffset(ZoneOffset.UTC)));
                continue;
            }
            switch (c.op()) {
                case ReplicationChange.DELETE -> db.connection(conn -> RecordStore.delete(conn, schema, c.key()));
                case ReplicationChange.TOKEN_GRANT -> tokens.store(tenant, UUID.fromString(c.tokenId()), c.tokenSha256(), c.writtenAt());
                case ReplicationChange.TOKEN_REVOKE -> tokens.markRevoked(tenant, UUID.fromString(c.tokenId()), c.writtenAt());
                default -> throw new IllegalArgumentException("Unknown change " + c.op() + " at seq " + c.seq());
            }
        }
        flush(schema, run, keys);
    }

    private void flush(String schema, List<RecordStore.Put> run, Set<String> keys) {
        if (!run.isEmpty()) {
            List<RecordStore.Put> puts = List.copyOf(run);
            db.connection(conn -> RecordStore.upsertAll(conn, schema, puts));
        }
        run.clear();
        keys.clear();
    }
}
