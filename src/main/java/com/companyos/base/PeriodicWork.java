package com.companyos.base;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * Work that runs on the task scheduler with a fixed delay while the application runs (started and stopped with the
 * context). A failed run is logged and the next one runs as planned.
 */
public abstract class PeriodicWork implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final TaskScheduler scheduler;
    private final Duration initialDelay;
    private final Duration delay;
    private volatile ScheduledFuture<?> schedule;

    protected PeriodicWork(TaskScheduler scheduler, Duration initialDelay, Duration delay) {
        this.scheduler = scheduler;
        this.initialDelay = initialDelay;
        this.delay = delay;
    }

    /** The scheduler the work runs on (for one-off follow-ups). */
    protected TaskScheduler scheduler() {
        return scheduler;
    }

    /** One run of the work. */
    protected abstract void runOnce();

    @Override
    public void start() {
        schedule = scheduler.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                log.debug("{} failed; runs again in {}: {}", getClass().getSimpleName(), delay, e.getMessage());
            }
        }, Instant.now().plus(initialDelay), delay);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> s = schedule;
        if (s != null) {
            s.cancel(false);
        }
    }

    @Override
    public boolean isRunning() {
        ScheduledFuture<?> s = schedule;
        return s != null && !s.isCancelled();
    }
}
