package com.companyos.agent.internal;

import com.companyos.agentapi.ReplicationChange;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Group commit for governed writes. Request threads decide and sign on their own (Cedar and Ed25519 run in parallel);
 * one writer thread then commits whatever writes are waiting as <em>one</em> transaction — per tenant, its sequence
 * numbers (the fencing check), then every decision, receipt, record, search entry and outbox row of the batch, a few
 * set-based statements in all — and only then answers each request. Under load a batch holds everything that arrived
 * during the previous commit, so the cost of a round trip, a commit and a WAL flush is shared; alone, a write is a batch
 * of one and waits for nobody.
 *
 * <p>Nothing acknowledged is lost: a request is answered only after its batch committed. A batch never holds two writes
 * of the same record (the second waits for the next batch), a tenant this region may not write for is refused without
 * touching the others, and if a batch fails as a whole its writes are retried one by one, so one bad write fails alone.
 */
@Component
class GovernedWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GovernedWriter.class);
    static final int MAX_BATCH = 200;
    private static final long ANSWER_TIMEOUT_SECONDS = 60;

    /** A decided, signed write waiting for its batch. */
    record Write(TenantRef tenant, RecordStore.Put put, ResidencyGuard.Verdict verdict, CompletableFuture<Written> done) {
        String identity() {
            return tenant.id() + "/" + put.key();
        }
    }

    /** A committed write: the retention the record keeps and its place in the tenant's replication stream. */
    record Written(LocalDate retention, ReplicationLog.Appended appended) {
    }

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final ReplicationLog replication;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>();
    private volatile boolean running;
    private Thread thread;

    GovernedWriter(DSLContext db, TransactionTemplate tx, ReplicationLog replication) {
        this.db = db;
        this.tx = tx;
        this.replication = replication;
    }

    /** Commits the write with the next batch and returns once it is committed (or throws why it was not). */
    Written write(TenantRef tenant, RecordStore.Put put, ResidencyGuard.Verdict verdict) {
        if (!running) {
            throw new FencedException("This agent is shutting down; retry the write (it was not stored)", true, 0);
        }
        Write w = new Write(tenant, put, verdict, new CompletableFuture<>());
        queue.add(w);
        try {
            return w.done().get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new FencedException("The regional database did not commit the write within " + ANSWER_TIMEOUT_SECONDS
                    + " s; it may still be stored — retrying the same write is safe", true, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the write was committed", e);
        }
    }

    private void loop() {
        List<Write> carried = new ArrayList<>();
        while (running || !queue.isEmpty() || !carried.isEmpty()) {
            try {
                List<Write> batch = new ArrayList<>(carried);
                carried.clear();
                if (batch.isEmpty()) {
                    Write first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                }
                Set<String> records = new HashSet<>();
                batch.forEach(w -> records.add(w.identity()));
                Write next;
                while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
                    if (!records.add(next.identity())) {
                        carried.add(next); // the same record twice: the later write goes in the next batch, in order
                        break;
                    }
                    batch.add(next);
                }
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Governed writer: unexpected failure", e);
            }
        }
    }

    private void commit(List<Write> batch) {
        Map<Write, Written> written;
        try {
            written = tx.execute(status -> db.connectionResult(c -> store(c, batch)));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(e);
            } else {
                log.warn("A batch of {} governed writes failed ({}); committing them one by one", batch.size(), e.getMessage());
                batch.forEach(w -> commit(List.of(w)));
            }
            return;
        }
        written.forEach((w, result) -> w.done().complete(result));
    }

    /** One transaction for the batch; writes refused for their tenant are answered now and left out. */
    private Map<Write, Written> store(java.sql.Connection c, List<Write> batch) throws java.sql.SQLException {
        // Tenants in a fixed order, so two transactions never take two tenants' stream locks in opposite orders.
        Map<UUID, List<Write>> byTenant = new TreeMap<>();
        for (Write w : batch) {
            byTenant.computeIfAbsent(w.tenant().id(), t -> new ArrayList<>()).add(w);
        }
        Map<UUID, ReplicationLog.Reserved> reserved = new LinkedHashMap<>();
        List<ResidencyGuard.Verdict> verdicts = new ArrayList<>(batch.size());
        for (Map.Entry<UUID, List<Write>> e : byTenant.entrySet()) {
            try {
                reserved.put(e.getKey(), replication.reserve(c, e.getKey(), "WRITE", e.getValue().size()));
                e.getValue().forEach(w -> verdicts.add(w.verdict()));
            } catch (FencedException refused) {
                e.getValue().forEach(w -> w.done().completeExceptionally(refused));
            }
        }
        Map<Write, Written> written = new LinkedHashMap<>();
        if (verdicts.isEmpty()) {
            return written;
        }
        ResidencyGuard.recordSealed(c, verdicts);
        for (Map.Entry<UUID, ReplicationLog.Reserved> e : reserved.entrySet()) {
            List<Write> writes = byTenant.get(e.getKey());
            Map<String, LocalDate> kept = RecordStore.upsertAll(c, writes.get(0).tenant().schema(),
                    writes.stream().map(Write::put).toList());
            List<ReplicationLog.Change> changes = writes.stream().map(w -> {
                RecordStore.Put p = w.put();
                return ReplicationLog.Change.record(ReplicationChange.PUT, p.key(), p.classification(), kept.get(p.key()), p.policy(),
                        p.payload(), p.sha(), p.at());
            }).toList();
            List<ReplicationLog.Appended> appended = replication.outbox(c, e.getKey(), e.getValue(), changes);
            for (int i = 0; i < writes.size(); i++) {
                written.put(writes.get(i), new Written(kept.get(writes.get(i).put().key()), appended.get(i)));
            }
        }
        return written;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::loop, "governed-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false; // the loop commits what is queued, then ends
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server (which stops taking requests and lets those in flight finish first). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
