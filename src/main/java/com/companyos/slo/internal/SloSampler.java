package com.companyos.slo.internal;

import com.companyos.agentapi.control.RequestStats;
import com.companyos.base.PeriodicWork;
import com.companyos.slo.SloAlert;
import com.companyos.slo.SloSettings;
import com.companyos.slo.SloTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every {@code companyos.slo.sample-interval}: reads each target's cumulative counters, stores the interval's delta
 * (a counter reset counts what the restarted agent counted), and evaluates the target's burn-rate rules. A target that
 * does not answer is skipped and its alerts are left as they are (no data is not good news; its interval is counted at
 * the next read, since the counters are cumulative). Open alerts
 * of a target no source names any more are evaluated too, so they resolve by themselves. Samples past the retention
 * are deleted once a minute.
 */
@Component
@ConditionalOnProperty(name = "companyos.slo.enabled", havingValue = "true", matchIfMissing = true)
class SloSampler extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(SloSampler.class);

    private final SloTargetDirectory targets;
    private final SloRepository repository;
    private final AlertEvaluator evaluator;
    private final TransactionTemplate tx;
    private final SloSettings settings;
    private final Clock clock;
    private volatile Instant lastCleanup = Instant.EPOCH;

    SloSampler(SloTargetDirectory targets, SloRepository repository, AlertEvaluator evaluator, TransactionTemplate tx,
               SloSettings settings, TaskScheduler scheduler, Clock clock) {
        super(scheduler, settings.sampleInterval(), settings.sampleInterval());
        this.targets = targets;
        this.repository = repository;
        this.evaluator = evaluator;
        this.tx = tx;
        this.settings = settings;
        this.clock = clock;
    }

    /** One round over every target now. */
    synchronized void sampleAll() {
        Set<String> seen = new HashSet<>();
        for (SloTarget target : targets.all()) {
            seen.add(target.key());
            RequestStats stats;
            try {
                stats = target.agent().requestStats();
            } catch (RuntimeException e) {
                log.debug("SLO sample of {} skipped: {}", target.key(), e.getMessage());
                continue;
            }
            try {
                Instant now = clock.instant();
                tx.executeWithoutResult(s -> record(target.key(), stats, now));
                evaluator.evaluate(target.key(), target.owner(), now);
            } catch (RuntimeException e) {
                log.warn("SLO sample or alert evaluation of {} failed: {}", target.key(), e.toString());
            }
        }
        List<SloAlert> orphans = repository.openAlerts().stream().filter(a -> !seen.contains(a.targetKey())).toList();
        orphans.stream().map(SloAlert::targetKey).distinct().forEach(key -> evaluator.evaluate(key, "platform-operations", clock.instant()));
        Instant now = clock.instant();
        if (now.isAfter(lastCleanup.plusSeconds(60))) {
            lastCleanup = now;
            repository.deleteSamplesBefore(now.minus(settings.retention()));
        }
    }

    private void record(String key, RequestStats stats, Instant now) {
        CounterDelta.Counter previous = repository.counter(key).orElse(null);
        CounterDelta.Counter next = CounterDelta.Counter.of(key, stats, now);
        var delta = CounterDelta.between(previous, next);
        if (!repository.moveCounter(previous, next)) {
            return; // another console instance read it in between and counted the interval
        }
        delta.ifPresent(d -> {
            if (d.reset()) {
                log.info("The counters of {} were reset (the agent restarted); counting from its new start", key);
            }
            repository.insertSample(key, now, d.counts(), d.reset());
        });
    }

    @Override
    protected void runOnce() {
        sampleAll();
    }
}
