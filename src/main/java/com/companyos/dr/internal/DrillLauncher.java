package com.companyos.dr.internal;

import com.companyos.base.RegionId;
import com.companyos.dr.Drill;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One run of the {@code dr-drill} task on db-scheduler (instance id: the drill's id; data: when it was queued), on
 * whichever console picks it up. Exactly once: the task instance exists once per drill, and the run starts by a
 * compare-and-set from QUEUED to RUNNING. What it does depends on where the drill stands:
 * <ul>
 * <li>QUEUED, and this console can take the primary region down ({@link RegionOutage}): start it, unless another
 * drill runs anywhere (then try again in 5 s), and run it to the end.</li>
 * <li>QUEUED, and this console cannot (the embedded default's agents are the first console's child processes): hand
 * it back for another console, every 2 s, for at most {@link #WAIT_FOR_CONSOLE}; then it ends as an error saying
 * why.</li>
 * <li>RUNNING: the console that ran it stopped (db-scheduler revived the dead execution here): it ends as an error
 * with the step it stopped at ({@link DrillRunner#abandon}) — never left "running".</li>
 * </ul>
 */
@Component
class DrillLauncher {

    static final String TASK = "dr-drill";
    static final Duration WAIT_FOR_CONSOLE = Duration.ofMinutes(5);
    private static final Duration HAND_BACK = Duration.ofSeconds(2);
    private static final Duration BEHIND_ANOTHER = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(DrillLauncher.class);

    private final DrillRepository drills;
    private final DrillRunner runner;
    private final List<RegionOutage> outages;
    private final TransactionTemplate tx;
    private final Clock clock;

    DrillLauncher(DrillRepository drills, DrillRunner runner, List<RegionOutage> outages, TransactionTemplate tx, Clock clock) {
        this.drills = drills;
        this.runner = runner;
        this.outages = outages;
        this.tx = tx;
        this.clock = clock;
    }

    CompletionHandler<Instant> run(UUID drillId, Instant queuedAt) {
        Drill drill = drills.find(drillId).orElse(null);
        if (drill == null || drill.finished()) {
            return done();
        }
        if ("RUNNING".equals(drill.status())) {
            runner.abandon(drill);
            return done();
        }
        if (!"QUEUED".equals(drill.status())) {
            return done();
        }
        RegionId primary = RegionId.of(drill.primaryRegion());
        if (outages.stream().noneMatch(o -> o.supports(primary))) {
            if (queuedAt != null && clock.instant().isAfter(queuedAt.plus(WAIT_FOR_CONSOLE))) {
                runner.refuse(drillId, "No console could take " + primary + " down within " + WAIT_FOR_CONSOLE.toMinutes()
                        + " minutes: the console that launched the region's agent must run, or a RegionOutage for " + primary
                        + " must be configured (e.g. companyos.dr.outage.kubernetes.enabled)");
                return done();
            }
            drills.progress(drillId, "Queued: waiting for a console that can take " + primary + " down");
            return later(HAND_BACK);
        }
        DrillRepository.Start start = tx.execute(s -> drills.startUnlessAnotherRuns(drillId, clock.instant()));
        if (start.behind() != null) {
            drills.progress(drillId, "Queued behind drill " + start.behind());
            return later(BEHIND_ANOTHER);
        }
        if (start.started()) {
            log.info("Drill {} started on this console", drillId);
            runner.run(drillId);
        }
        return done();
    }

    private static CompletionHandler<Instant> done() {
        return new CompletionHandler.OnCompleteRemove<>();
    }

    /** Runs the task again later (db-scheduler's own time: the product clock may be moved by tests). */
    private static CompletionHandler<Instant> later(Duration after) {
        return (complete, operations) -> operations.reschedule(complete, Instant.now().plus(after));
    }
}
