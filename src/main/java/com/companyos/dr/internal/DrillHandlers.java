package com.companyos.dr.internal;

import com.companyos.approvals.ApprovalHandler;
import com.companyos.approvals.ExecutionRefusedException;
import com.companyos.base.Json;
import com.companyos.dr.DrillService;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * An approved drill is queued — a compare-and-set from PENDING_APPROVAL to QUEUED and its {@code dr-drill} run on
 * db-scheduler, in one transaction (db-scheduler writes through the transaction-aware DataSource) — and runs on
 * whichever console picks it up ({@link DrillLauncher}); the approval executor is not held for the minute a drill
 * takes. Idempotent: an execution repeated after a crash finds the drill queued and its run already scheduled.
 */
@Configuration(proxyBeanMethods = false)
class DrillHandlers {

    private static final Logger log = LoggerFactory.getLogger(DrillHandlers.class);

    private final DrillRepository drills;
    private final Clock clock;

    DrillHandlers(DrillRepository drills, Clock clock) {
        this.drills = drills;
        this.clock = clock;
    }

    @Bean
    ApprovalHandler drillHandler(ObjectProvider<SchedulerClient> scheduler, CustomTask<Instant> drillTask, TransactionTemplate tx) {
        return ApprovalHandler.of(DrillService.DRILL, "Run DR drill", r -> {
            UUID id;
            try {
                id = UUID.fromString(Json.mapper().readTree(r.payload()).path("drillId").asText());
            } catch (Exception e) {
                throw new ExecutionRefusedException("Unreadable drill request");
            }
            return tx.execute(s -> {
                boolean queued = drills.transition(id, "PENDING_APPROVAL", "QUEUED", String.join(",", r.approvers()), clock.instant());
                if (!queued && !drills.find(id).map(d -> "QUEUED".equals(d.status())).orElse(false)) {
                    return "Drill " + id + " was already started";
                }
                boolean scheduled = scheduler.getObject().scheduleIfNotExists(drillTask.instance(id.toString(), clock.instant()), Instant.now());
                return "Drill " + id + (queued ? " queued" : scheduled ? " was queued; its run is scheduled now" : " was already queued");
            });
        });
    }

    @EventListener(ApplicationReadyEvent.class)
    void abandonUnscheduled() {
        int n = drills.abandonUnscheduled(clock.instant());
        if (n > 0) {
            log.warn("{} drill(s) were queued or running without a scheduled run; marked as errors", n);
        }
    }
}
