package com.companyos.dr.internal;

import com.companyos.approvals.ApprovalHandler;
import com.companyos.approvals.ExecutionRefusedException;
import com.companyos.dr.DrillService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An approved drill is queued (exactly once: a compare-and-set from PENDING_APPROVAL to QUEUED) and run on the drill
 * thread, one drill at a time — the approval executor is not held for the minute a drill takes.
 */
@Configuration(proxyBeanMethods = false)
class DrillHandlers implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DrillHandlers.class);
    private final ExecutorService drillThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dr-drill");
        t.setDaemon(true);
        return t;
    });

    @Bean
    ApprovalHandler drillHandler(DrillRunner runner) {
        return ApprovalHandler.of(DrillService.DRILL, "Run DR drill", r -> {
            UUID id;
            try {
                id = UUID.fromString(com.companyos.base.Json.mapper().readTree(r.payload()).path("drillId").asText());
            } catch (Exception e) {
                throw new ExecutionRefusedException("Unreadable drill request");
            }
            if (!drills.transition(id, "PENDING_APPROVAL", "QUEUED", String.join(",", r.approvers()), clock.instant())) {
                return "Drill " + id + " was already started";
            }
            drillThread.submit(() -> {
                if (drills.transition(id, "QUEUED", "RUNNING", null, clock.instant())) {
                    runner.run(id);
                }
            });
            return "Drill " + id + " queued";
        });
    }

    private final DrillRepository drills;
    private final Clock clock;

    DrillHandlers(DrillRepository drills, Clock clock) {
        this.drills = drills;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void abandonInterrupted() {
        int n = drills.abandonRunning(clock.instant());
        if (n > 0) {
            log.warn("{} drill(s) were running when the console stopped; marked as errors", n);
        }
    }

    @Override
    public void destroy() {
        drillThread.shutdownNow();
    }
}
