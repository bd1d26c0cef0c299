package com.companyos.agent.data;

import com.companyos.agent.AgentSettings;
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
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
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
import java.util.concurrent.atomic.AtomicInteger;
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
 * of the same record (the second waits for the next batch), and a tenant this region may not write for is refused without
 * touching the others. When a batch fails, what failed decides ({@link WriteFailures}): a write the database refuses for
 * what it holds (an oversized search entry, a NUL character) is isolated by halving the batch and answered 4xx, and the
 * rest commit; a deadlock sends the batch once more; a database failing for now answers the batch 503 (retry).
 *
 * <p>And nothing a client was told failed is stored later: the writer <em>takes</em> each write from the queue before it
 * puts it in a batch, and a request that waited too long withdraws its write only if the writer has not taken it (one
 * compare-and-set each way, so exactly one of them wins); a taken write's request waits for what its batch did.
 */
@Component
class GovernedWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GovernedWriter.class);
    static final int MAX_BATCH = 200;
    private static final long SEAL_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** How long a request waits for the batch that took its write before it answers that the outcome is not known. */
    private static final long COMMIT_TIMEOUT_SECONDS = 60;

    /** A decided, signed write waiting for its batch; {@code turn} is who has it: the queue, the writer, or nobody. */
    record Write(TenantRef tenant, RecordStore.Put put, ResidencyGuard.Verdict verdict, CompletableFuture<Written> done, Times times,
                 AtomicInteger turn) {
        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int WITHDRAWN = 2;

        String identity() {
            return tenant.id() + "/" + put.key();
        }

        /** The writer takes the write for a batch, unless its request withdrew it first. */
        boolean take() {
            return turn.compareAndSet(QUEUED, TAKEN);
        }

        /** The request withdraws the write, unless the writer took it first (then its batch's outcome is the answer). */
        boolean withdraw() {
            return turn.compareAndSet(QUEUED, WITHDRAWN);
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
    private final Duration writeTimeout;
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

    GovernedWriter(DataSource dataSource, ReplicationLog replication, DecisionSealer sealer, WriteTimings timings, AgentSettings settings) {
        this.writeTimeout = settings.writeTimeout();
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
            throw busy("This agent is shutting down; retry the write (it was not stored)");
        }
        Write w = new Write(tenant, put, verdict, new CompletableFuture<>(), new Times(), new AtomicInteger());
        if (!queue.offer(w)) {
            throw busy("This region is writing as fast as it can; retry the write shortly (it was not stored)");
        }
        Written written = outcome(w);
        timings.write(arrived, w.times().queued, w.times().batchStarted, w.times().committed, System.nanoTime());
        return written;
    }

    /**
     * What became of the write. If the writer has not taken it within the write timeout (or the request thread is
     * interrupted), the write is withdrawn and answered as not stored; the writer then skips it, so the client's next
     * step (a retry, a delete of the record) is never undone by a late commit. If the writer took it, the answer is
     * what its batch did, however long the commit takes, up to {@value #COMMIT_TIMEOUT_SECONDS} s more.
     */
    private Written outcome(Write w) {
        boolean interrupted = false;
        try {
            try {
                return w.done().get(writeTimeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | InterruptedException e) {
                interrupted = e instanceof InterruptedException;
            }
            if (w.withdraw()) {
                throw busy("The regional database did not take this write within " + writeTimeout.toSeconds()
                        + " s (this region's writer is behind); it was not stored — retry it");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMIT_TIMEOUT_SECONDS);
            while (true) {
                try {
                    return w.done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // the batch is committing: its outcome is still the only true answer
                } catch (TimeoutException e) {
                    throw new TransientDataAccessResourceException("The regional database has not finished committing the write "
                            + "after " + (writeTimeout.toSeconds() + COMMIT_TIMEOUT_SECONDS) + " s; it may still be stored");
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static WriteRefusedException busy(String message) {
        return new WriteRefusedException(WriteRefusedException.Kind.BUSY, message, null, null);
    }

    private void loop() {
        List<Write> carried = new ArrayList<>();
        long sealAt = System.nanoTime();
        while (running || !queue.isEmpty() || !carried.isEmpty()) {
            List<Write> batch = List.of();
            try {
                if (System.nanoTime() - sealAt >= 0) {
                    seal();
                    sealAt = System.nanoTime() + SEAL_EVERY_NANOS;
                }
                batch = new ArrayList<>(carried);
                carried.clear();
                if (batch.isEmpty()) {
                    Write first = queue.poll(Math.max(0, sealAt - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (first == null || !first.take()) {
                        continue; // nothing came, or its request withdrew it: never stored
                    }
                    batch.add(first);
                }
                Set<String> records = new HashSet<>();
                batch.forEach(w -> records.add(w.identity()));
                Write next;
                while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
                    if (!next.take()) {
                        continue;
                    }
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
                // Taken writes are always answered; none of them committed (commit answers its own batch's outcome).
                TransientDataAccessResourceException failed = new TransientDataAccessResourceException(
                        "The governed writer failed before committing the write: " + e.getMessage(), e);
                batch.forEach(w -> w.done().completeExceptionally(failed));
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
        commit(batch, true);
    }

    /** Commits the batch and answers its writes; {@code again}: a deadlock or serialization failure sends it once more. */
    private void commit(List<Write> batch, boolean again) {
        long started = System.nanoTime();
        for (Write w : batch) {
            if (w.times().batchStarted == 0) { // a batch sent again (halved, or after a deadlock): its first attempt counts
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
            failed(batch, e, again);
            return;
        }
        long committed = System.nanoTime();
        written.forEach((w, result) -> {
            w.times().committed = committed;
            w.done().complete(result);
        });
    }

    /**
     * The batch's transaction failed and rolled back; its writes not yet answered (those of a tenant refused on the way
     * were) are answered, or sent again, by what failed.
     */
    private void failed(List<Write> batch, Exception e, boolean again) {
        List<Write> open = batch.stream().filter(w -> !w.done().isDone()).toList();
        if (open.isEmpty()) {
            return;
        }
        WriteFailures.Cause cause = WriteFailures.cause(e);
        if (cause == WriteFailures.Cause.CONCURRENCY && again) {
            log.info("A batch of {} governed writes met a deadlock or serialization failure ({}); sending it once more",
                    open.size(), e.getMessage());
            commit(open, false);
            return;
        }
        if (cause == WriteFailures.Cause.WRITES && open.size() > 1) {
            // Halved until the refused write is alone: about 2·log2(n) transactions for one such write among n, and every
            // other write commits. Sorted by tenant, so a refusal of all of one tenant's writes is isolated in few steps.
            log.warn("A batch of {} governed writes was refused ({}: {}); isolating the write refused", open.size(),
                    e instanceof SQLException sql ? WriteFailures.sqlState(sql) : e.getClass().getSimpleName(), e.getMessage());
            List<Write> sorted = new ArrayList<>(open);
            sorted.sort(Comparator.comparing(w -> w.tenant().id()));
            int half = sorted.size() / 2;
            commit(sorted.subList(0, half));
            commit(sorted.subList(half, sorted.size()));
            return;
        }
        RuntimeException answer = WriteFailures.answer(e);
        if (answer instanceof WriteRefusedException refused) {
            log.warn("The regional database refused a governed write for tenant {} ({}: {}); answered without a retry",
                    open.get(0).tenant().id(), refused.sqlState(), e.getMessage());
        }
        open.forEach(w -> w.done().completeExceptionally(answer));
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
