package com.companyos.residency.internal;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Instant;

/**
 * Schedules the synthetic residency probe on db-scheduler (with several consoles, each run happens on one of them).
 * Off with {@code companyos.residency.probe.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProbeSettings.class)
class ProbeJobs {

    @Bean
    @ConditionalOnProperty(name = "companyos.residency.probe.enabled", havingValue = "true", matchIfMissing = true)
    RecurringTask<Void> residencyProbeTask(ResidencyProbe probe, ProbeSettings settings) {
        FixedDelay every = FixedDelay.of(settings.interval());
        Schedule schedule = new Schedule() {
            @Override
            public Instant getNextExecutionTime(ExecutionComplete done) {
                return every.getNextExecutionTime(done);
            }

            @Override
            public Instant getInitialExecutionTime(Instant now) {
                return now.plus(settings.initialDelay());
            }

            @Override
            public boolean isDeterministic() {
                return every.isDeterministic();
            }
        };
        return Tasks.recurring("residency-probe", schedule).execute((instance, context) -> probe.runOnce());
    }
}
