package com.companyos.probes.internal;

import com.companyos.probes.ProbeDefinition;
import com.companyos.probes.ProbeKind;
import com.companyos.probes.ProbeRun;
import com.companyos.probes.ProbeService;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schedule lives in PostgreSQL: a due run is leased by one console only, and a restarted dispatcher finds each
 * probe's next time where it was — it runs nothing early (no burst) and keeps the interval.
 */
class ProbeSchedulingIT extends ConsoleIT {

    @Autowired
    ProbeService probes;
    @Autowired
    ProbeDispatcher dispatcher;
    @Autowired
    ProbeStore store;
    @Autowired
    TransactionTemplate tx;

    private void save(ProbeDefinition p, boolean enabled) {
        As.operator(() -> probes.save(new ProbeDefinition(p.name(), p.kind(), p.criticalPath(), p.owner(), p.interval(), p.timeout(), p.retries(),
                p.regions(), p.degradedAfter(), p.failN(), p.failM(), p.resolveAfter(), enabled, null, null), "ProbeSchedulingIT"));
    }

    @Test
    void a_due_run_is_leased_by_one_console_only() {
        ProbeDefinition p = new ProbeDefinition("it-lease", ProbeKind.JOB_QUEUE, "job queue", "platform", Duration.ofSeconds(10),
                Duration.ofSeconds(2), 0, List.of(), Duration.ofSeconds(1), 3, 5, 2, true, null, null);
        save(p, true);
        Instant later = Instant.now().plusSeconds(5);
        try {
            List<ProbeStore.Claim> a = tx.execute(s -> store.claimDue(later, "console-a", 100, Duration.ZERO));
            List<ProbeStore.Claim> b = tx.execute(s -> store.claimDue(later, "console-b", 100, Duration.ZERO));
            assertThat(a).extracting(ProbeStore.Claim::probe).contains("it-lease");
            assertThat(b).extracting(ProbeStore.Claim::probe).doesNotContain("it-lease");
            // Hand the leases back (they also held the other probes that were due): their schedule stays as it was.
            tx.executeWithoutResult(s -> {
                a.forEach(c -> store.release(c, "console-a", c.dueAt()));
                b.forEach(c -> store.release(c, "console-b", c.dueAt()));
            });
        } finally {
            save(p, false);
        }
    }

    @Test
    void a_restarted_dispatcher_runs_nothing_early_and_keeps_the_interval() throws Exception {
        List<ProbeDefinition> others = new ArrayList<>(As.operator(() -> probes.probes()).stream().filter(ProbeDefinition::enabled).toList());
        others.forEach(p -> save(p, false));
        ProbeDefinition p = new ProbeDefinition("it-sched", ProbeKind.JOB_QUEUE, "job queue", "platform", Duration.ofSeconds(10),
                Duration.ofSeconds(3), 0, List.of(), Duration.ofSeconds(2), 3, 5, 2, true, null, null);
        try {
            save(p, true);
            dispatcher.start();
            ProbeRun first = awaitRuns(1, Duration.ofSeconds(15)).get(0);

            // Restart: the next run is ~10 s after the first; nothing runs in the seconds after the restart.
            dispatcher.stop();
            dispatcher.start();
            Thread.sleep(4000);
            assertThat(As.operator(() -> probes.latest("it-sched", "console", 10))).as("no burst after the restart").hasSize(1);

            ProbeRun second = awaitRuns(2, Duration.ofSeconds(20)).get(0);
            long gap = Duration.between(first.startedAt(), second.startedAt()).toMillis();
            assertThat(gap).as("interval 10 s ± 10 % jitter").isBetween(8_900L, 12_500L);
        } finally {
            dispatcher.stop();
            save(p, false);
            others.forEach(o -> save(o, true));
        }
    }

    private List<ProbeRun> awaitRuns(int n, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            List<ProbeRun> runs = As.operator(() -> probes.latest("it-sched", "console", 10));
            if (runs.size() >= n) {
                return runs;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("it-sched did not run " + n + " time(s) within " + within);
    }
}
