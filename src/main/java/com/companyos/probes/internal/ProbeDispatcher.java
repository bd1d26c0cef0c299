package com.companyos.probes.internal;

import com.companyos.base.PeriodicWork;
import com.companyos.probes.ProbeDefinition;
import com.companyos.probes.ProbeSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Claims due probe runs and runs them on this console's probe threads. The schedule lives in PostgreSQL (see
 * {@code probe_schedule}): due rows are leased with {@code FOR UPDATE SKIP LOCKED}, so with several consoles each run
 * happens on one of them, and a run's next time (start + interval ± jitter) is written when it ends — a restarted
 * console finds every probe's next time where it was and runs nothing early. This is deliberately not a db-scheduler
 * task: the job-queue probe checks db-scheduler, and a stalled scheduler must show up as that probe failing rather than
 * silence every probe (ADR 0015).
 */
@Component
class ProbeDispatcher extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(ProbeDispatcher.class);
    private static final Duration HOUSEKEEPING = Duration.ofSeconds(30);

    private final ProbeStore store;
    private final ProbeCatalog catalog;
    private final ProbeExecution execution;
    private final TransactionTemplate tx;
    private final ProbeSettings settings;
    private final ConsoleInstance console;
    private final Clock clock;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger started = new AtomicInteger();
    private volatile ExecutorService threads;
    private volatile Instant lastHousekeeping = Instant.EPOCH;

    ProbeDispatcher(ProbeStore store, ProbeCatalog catalog, ProbeExecution execution, TransactionTemplate tx, ProbeSettings settings,
                    ConsoleInstance console, TaskScheduler scheduler, Clock clock) {
        super(scheduler, Duration.ofSeconds(1), Duration.ofSeconds(1));
        this.store = store;
        this.catalog = catalog;
        this.execution = execution;
        this.tx = tx;
        this.settings = settings;
        this.console = console;
        this.clock = clock;
    }

    @Override
    public boolean isAutoStartup() {
        return settings.scheduled();
    }

    @Override
    public synchronized void start() {
        AtomicInteger n = new AtomicInteger();
        threads = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        super.start();
        log.info("Probes scheduled on this console ({}, {} threads)", console.id(), settings.threads());
    }

    @Override
    public synchronized void stop() {
        super.stop();
        ExecutorService t = threads;
        if (t != null) {
            t.shutdownNow();
            try {
                t.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs this console started since it started (for tests that look for a burst). */
    int started() {
        return started.get();
    }

    @Override
    protected void runOnce() {
        Instant now = clock.instant();
        if (Duration.between(lastHousekeeping, now).compareTo(HOUSEKEEPING) >= 0) {
            lastHousekeeping = now;
            catalog.reconcilePlaces();
            tx.executeWithoutResult(s -> {
                store.deleteRunsBefore(now.minus(settings.keepRuns()));
                store.deleteJobsBefore(now.minus(Duration.ofDays(1)));
            });
        }
        int free = settings.threads() - running.get();
        if (free <= 0) {
            return;
        }
        List<ProbeStore.Claim> claims = tx.execute(s -> store.claimDue(now, console.id(), free, settings.retryPause()));
        for (ProbeStore.Claim claim : claims == null ? List.<ProbeStore.Claim>of() : claims) {
            running.incrementAndGet();
            started.incrementAndGet();
            try {
                threads.execute(() -> run(claim));
            } catch (RuntimeException rejected) {
                running.decrementAndGet();
                log.debug("Probe {} in {} not started: {}", claim.probe(), claim.place(), rejected.getMessage());
            }
        }
    }

    private void run(ProbeStore.Claim claim) {
        Instant begun = clock.instant();
        Duration interval = Duration.ofMinutes(1);
        try {
            Optional<ProbeDefinition> definition = store.probe(claim.probe());
            if (definition.isPresent()) {
                interval = definition.get().interval();
                execution.run(definition.get(), claim.place());
            }
        } catch (RuntimeException e) {
            log.warn("Probe {} in {} could not be run: {}", claim.probe(), claim.place(), e.toString());
        } finally {
            running.decrementAndGet();
            Instant next = next(begun, interval);
            try {
                tx.executeWithoutResult(s -> store.release(claim, console.id(), next));
            } catch (RuntimeException e) {
                log.warn("Probe {} in {}: next run not planned (the lease runs out and it is due again): {}", claim.probe(), claim.place(),
                        e.toString());
            }
        }
    }

    /** The next run: one interval after this run began, moved by up to ± jitter × interval so probes do not march in step. */
    Instant next(Instant begun, Duration interval) {
        long spread = (long) (interval.toMillis() * settings.jitter());
        long shift = spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(-spread, spread + 1);
        return begun.plus(interval).plusMillis(shift);
    }
}
