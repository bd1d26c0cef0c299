package com.companyos.probes.internal;

import com.companyos.base.Ids;
import com.companyos.probes.ProbeKind;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The job queue, as every background job uses it: enqueue a job on the cluster's job scheduler (db-scheduler, the one
 * that runs approvals, drills and the other jobs) and see a worker — on any console — run it before the probe's
 * deadline. A stopped or stalled scheduler fails the probe with how long the job waited.
 */
@Component
class JobQueueProbe implements Probe {

    static final String TASK = "probe-job";
    private static final Duration POLL = Duration.ofMillis(100);

    private final ObjectProvider<SchedulerClient> scheduler;
    private final OneTimeTask<String> task;
    private final ProbeStore store;
    private final TransactionTemplate tx;
    private final ConsoleVersion version;
    private final Clock clock;

    JobQueueProbe(ObjectProvider<SchedulerClient> scheduler, OneTimeTask<String> probeJobTask, ProbeStore store, TransactionTemplate tx,
                  ConsoleVersion version, Clock clock) {
        this.scheduler = scheduler;
        this.task = probeJobTask;
        this.store = store;
        this.tx = tx;
        this.version = version;
        this.clock = clock;
    }

    @Override
    public ProbeKind kind() {
        return ProbeKind.JOB_QUEUE;
    }

    @Override
    public void attempt(ProbeAttempt a) throws Exception {
        long t0 = System.nanoTime();
        UUID job = Ids.timeOrdered(clock);
        Instant now = clock.instant();
        // The job's row and its scheduled execution commit together: a worker never sees one without the other.
        tx.executeWithoutResult(s -> {
            store.enqueued(job, now);
            scheduler.getObject().scheduleIfNotExists(task.instance(job.toString(), job.toString()), now);
        });
        a.ok("enqueue job", t0, version.release(), "job " + job);

        long t1 = System.nanoTime();
        while (!a.expired()) {
            Optional<Instant> processed = store.processedAt(job);
            if (processed.isPresent()) {
                a.ok("job processed", t1, version.release(), "a worker ran it " + Duration.between(now, processed.get()).toMillis() + " ms after it was enqueued");
                return;
            }
            Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, a.remaining().toMillis())));
        }
        throw a.failed("job processed", t1, version.release(), "no worker ran job " + job + " within the probe's timeout ("
                + ProbeAttempt.millisSince(t0) + " ms): the job scheduler is stopped, stalled or backed up");
    }

    @Configuration(proxyBeanMethods = false)
    static class ProbeJobTask {

        @Bean
        OneTimeTask<String> probeJobTask(ProbeStore store, Clock clock) {
            String worker = ManagementFactory.getRuntimeMXBean().getName();
            return Tasks.oneTime(TASK, String.class).execute((instance, context) -> store.processed(UUID.fromString(instance.getData()),
                    clock.instant(), worker));
        }
    }
}
