package com.companyos.dr.internal;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The DR module's work on db-scheduler (cluster-safe: each execution runs on one console at a time): storing the
 * replication lag samples, and running drills ({@link DrillLauncher}). A drill whose console died is revived by
 * db-scheduler once that console's heartbeats have stopped, and ends there as an error.
 */
@Configuration(proxyBeanMethods = false)
class DrJobs {

    @Bean
    RecurringTask<Void> replicationSamples(ReplicationSampler sampler) {
        return Tasks.recurring("replication-samples", FixedDelay.of(ReplicationSampler.STORE_EVERY))
                .execute((instance, context) -> sampler.store());
    }

    @Bean
    CustomTask<Instant> drillTask(DrillLauncher launcher) {
        return Tasks.custom(DrillLauncher.TASK, Instant.class)
                .onDeadExecutionRevive()
                // Only a bug ends up here (the launcher and the runner record every failure on the drill): retry later.
                .onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(30)))
                .execute((instance, context) -> launcher.run(UUID.fromString(instance.getId()), instance.getData()));
    }
}
