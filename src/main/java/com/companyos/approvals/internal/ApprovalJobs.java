package com.companyos.approvals.internal;

import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalSettings;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The approvals' scheduled work on db-scheduler (cluster-safe: with several consoles each recurring job runs on one of
 * them at a time): executing approved requests and expiring overdue ones. A console with
 * {@code companyos.approvals.executor-enabled=false} records votes but never executes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApprovalSettings.class)
class ApprovalJobs {

    @Bean
    @ConditionalOnProperty(name = "companyos.approvals.executor-enabled", havingValue = "true", matchIfMissing = true)
    RecurringTask<Void> approvalsExecutor(ApprovalExecution execution, ApprovalSettings settings) {
        return Tasks.recurring("approvals-executor", FixedDelay.of(settings.pollInterval()))
                .execute((instance, context) -> execution.executeReady());
    }

    @Bean
    RecurringTask<Void> approvalsExpiry(ApprovalService approvals, ApprovalSettings settings) {
        return Tasks.recurring("approvals-expiry", FixedDelay.of(settings.pollInterval().multipliedBy(5)))
                .execute((instance, context) -> approvals.expireDue());
    }
}
