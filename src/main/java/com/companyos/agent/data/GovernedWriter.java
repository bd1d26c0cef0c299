package com.companyos.agent.data;

import com.companyos.agent.decisions.DecisionSealer;
import com.companyos.agent.decisions.ResidencyGuard;
import com.companyos.agent.replication.FencedException;
import com.companyos.agent.replication.ReplicationLog;
import com.companyos.agent.store.RecordStore;
import com.companyos.agent.store.Sql;
import com.companyos.agent.tenancy.TenantRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.SQLException;
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
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Group commit for governed writes. Request threads decide and sign on their own (Cedar and Ed25519 run in parallel);
 * one writer thread then commits whatever writes are waiting as <em>one</em> transaction — per tenant, its sequence
 * numbers (the fencing check), then every decision, receipt, record, search entry and outbox row of the batch, a few
 * set-based statements in all, sent to PostgreSQL in one round trip with the commit ({@link Sql.Pipeline}) — and only
 * then answers each request. Under load a batch holds everything that arrived during the previous commit, so the cost of
 * a round trip, a commit and a WAL flush is shared; alone, a write is a batch of one and waits for nobody.
 *
 * <p>The same thread seals the decisions other seams store unsealed, between batches ({@link DecisionSealer}), so it
 * always knows the decision chain's head and seals each batch's decisions onto it without reading it first; the
 * transaction checks that head under the sealing lock, and if another process moved it the batch is sent again in two
 * round trips (numbers and head first, then the rest).
 *
 * <p>Nothing acknowledged is lost: a request is answered only after its batch committed. A batch never holds two writes
 * of the same record (the second waits for the next batch), a tenant this region may not write for is refused without
 * touching the others, and if a batch fails as a whole its writes are retried one by one, so one bad write fails alone.
 */
@Component
class GovernedWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GovernedWriter.class);
    static final int MAX_BATCH = 200;
    private static final long SEAL_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long ANSWER_TIMEOUT_SECONDS = 60;

    /** A decided, signed write waiting for its batch. */
    record Write(TenantRef tenant, RecordStore.Put put, ResidencyGuard.Verdict verdict, CompletableFuture<Written> done, Times times) {
        String identity() {
            return tenant.id() + "/" + put.key();
        }
    }

    /**
     * When a write was queued, its batch started and its batch committed ({@link System#nanoTime()}). The writer thread
     * sets the last two before it completes the write's future, which the request thread then reads.
     */
    static final class Times {
        final long queued = System.nanoTime();
        long batchStarted;
        long committed;
    }

    /** A committed write: the retention the record keeps and its place in the tenant's replication stream. */
    record Written(LocalDate retention, ReplicationLog.Appended appended) {
    }

    private final DataSource dataSource;
    private final ReplicationLog replication;
    private final DecisionSealer sealer;
    private final WriteTimings timings;
    // The decision chain's head after this thread's last commit or seal (writer thread only; null: read it again).
    private DecisionSealer.Head head;
    /**
     * Writes waiting for a batch. Bounded: each waiting write holds a request thread, so the container's thread pool
     * bounds it in practice, and a full queue answers 503 (retry) rather than growing the heap.
     */
    static final int QUEUE_CAPACITY = 4096;
    private final BlockingQueue<Write> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private volatile boolean running;
    private Thread thread;

    GovernedWriter(DataSource dataSource, ReplicationLog replication, DecisionSealer sealer, WriteTimings timings) {
        this.dataSource = dataSource;
        this.replication = replication;
        this.sealer = sealer;
        this.timings = timings;
    }

    /**
     * Commits the write with the next batch and returns once it is committed (or throws why it was not).
     *
     * @param arrived when the write arrived at the service ({@link System#nanoTime()}), for {@link WriteTimings}
     */
    Written write(TenantRef tenant, RecordStore.Put put, ResidencyGuard.Verdict verdict, long arrived) {
        if (!running) {
            throw new FencedException("This agent is shutting down; retry the write (it was not stored)", true, 0);
        }
        Write w = new Write(tenant, put, verdict, new CompletableFuture<>(), new Times());
        if (!queue.offer(w)) {
            throw new FencedException("This region is writing as fast as it can; retry the write shortly (it was not stored)", true, 0);
        }
        try {
            Written written = w.done().get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            timings.write(arrived, w.times().queued, w.times().batchStarted, w.times().committed, System.nanoTime());
            return written;
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
        long sealAt = System.nanoTime();
        while (running || !queue.isEmpty() || !carried.isEmpty()) {
            try {
                if (System.nanoTime() - sealAt >= 0) {
                    seal();
                    sealAt = System.nanoTime() + SEAL_EVERY_NANOS;
                }
                List<Write> batch = new ArrayList<>(carried);
                carried.clear();
                if (batch.isEmpty()) {
                    Write first = queue.poll(Math.max(0, sealAt - System.nanoTime()), TimeUnit.NANOSECONDS);
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
                timings.batch(batch.size());
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Governed writer: unexpected failure", e);
            }
        }
    }

    /** Chains the decisions other seams stored unsealed ({@link DecisionSealer#sealPending}), between batches. */
    private void seal() {
        try {
            DecisionSealer.Head sealed = sealer.sealPending();
            if (sealed != null) {
                head = sealed;
            }
        } catch (RuntimeException e) {
            head = null; // read again with the next batch
            log.warn("Sealing the decision log failed; will retry: {}", e.getMessage());
        }
    }

    private void commit(List<Write> batch) {
        long started = System.nanoTime();
        for (Write w : batch) {
            if (w.times().batchStarted == 0) { // a batch retried one by one: the first attempt is when its commit began
                w.times().batchStarted = started;
            }
        }
        Map<Write, Written> written;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                written = store(c, batch);
                c.commit(); // nothing left to do when the batch's statements ended with their commit
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException lost) {
                    e.addSuppressed(lost); // a dropped connection: the failure that matters is the first one
                }
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(e instanceof SQLException ? new TransientDataAccessResourceException(
                        "The regional database refused the write: " + e.getMessage(), e) : e);
            } else {
                log.warn("A batch of {} governed writes failed ({}); committing them one by one", batch.size(), e.getMessage());
                batch.forEach(w -> commit(List.of(w)));
            }
            return;
        }
        long committed = System.nanoTime();
        written.forEach((w, result) -> {
            w.times().committed = committed;
            w.done().complete(result);
        });
    }

    /**
     * One transaction for the batch. Usually one round trip: the writer knows the decision chain's head from its last
     * batch, so it sends everything at once — each tenant's sequence numbers, the sealing lock with a check that the
     * head is still the one it knows, the decisions sealed onto it, receipts, records, outbox rows, search entries and
     * the commit. If that check fails (the chain moved), a tenant's write is refused, or the head is not known, it
     * takes two: first the numbers and the head, then the rest; writes refused for their tenant are then answered
     * after the first and left out of the second.
     */
    private Map<Write, Written> store(Connection c, List<Write> batch) throws SQLException {
        // Tenants in a fixed order, so two transactions never take two tenants' stream locks in opposite orders.
        Map<UUID, List<Write>> byTenant = new TreeMap<>();
        for (Write w : batch) {
            byTenant.computeIfAbsent(w.tenant().id(), t -> new ArrayList<>()).add(w);
        }
        if (head != null) {
            try {
                return store(c, byTenant, head);
            } catch (SQLException e) {
                if (!DecisionSealer.moved(e) && !ReplicationLog.refused(e)) {
                    throw e;
                }
                c.rollback(); // and once more in two round trips, which sorts out either case
                if (DecisionSealer.moved(e)) {
                    log.info("The decision chain moved under the governed writer (another process extended it); "
                            + "the batch is sealed onto the new head");
                }
            }
        }
        head = null;
        return store(c, byTenant, null);
    }

    /** The batch's transaction: in one round trip when the chain's head is {@code known}, else in two. */
    private Map<Write, Written> store(Connection c, Map<UUID, List<Write>> byTenant, DecisionSealer.Head known) throws SQLException {
        Sql.Pipeline statements = new Sql.Pipeline();
        Map<UUID, Supplier<ReplicationLog.Reserved>> reservations = new LinkedHashMap<>();
        byTenant.forEach((tenant, writes) -> reservations.put(tenant,
                replication.reserve(statements, tenant, "WRITE", writes.size(), known != null)));
        Supplier<DecisionSealer.Head> chain;
        if (known != null) {
            DecisionSealer.lockExpecting(statements, known);
            chain = () -> known;
        } else {
            chain = DecisionSealer.lockHead(statements);
            statements.run(c);
            statements.clear();
            for (Map.Entry<UUID, Supplier<ReplicationLog.Reserved>> e : reservations.entrySet()) {
                if (e.getValue().get() == null) {
                    FencedException refused = replication.refusal(c, e.getKey(), "WRITE");
                    byTenant.remove(e.getKey()).forEach(w -> w.done().completeExceptionally(refused));
                }
            }
            if (byTenant.isEmpty()) {
                return Map.of();
            }
        }
        List<ResidencyGuard.Verdict> verdicts = new ArrayList<>();
        byTenant.values().forEach(writes -> writes.forEach(w -> verdicts.add(w.verdict())));
        DecisionSealer.Head last = ResidencyGuard.record(statements, verdicts, chain.get());
        Map<UUID, Map<String, LocalDate>> kept = new LinkedHashMap<>();
        byTenant.forEach((tenant, writes) -> kept.put(tenant, RecordStore.upsert(statements, writes.get(0).tenant().schema(),
                writes.stream().map(Write::put).toList(), tenant)));
        statements.update("commit").run(c);
        head = last;
        Map<Write, Written> written = new LinkedHashMap<>();
        byTenant.forEach((tenant, writes) -> {
            ReplicationLog.Reserved numbers = reservations.get(tenant).get();
            for (int i = 0; i < writes.size(); i++) {
                Write w = writes.get(i);
                written.put(w, new Written(kept.get(tenant).get(w.put().key()),
                        new ReplicationLog.Appended(numbers.first() + i, numbers.epoch(), numbers.synchronous())));
            }
        });
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
