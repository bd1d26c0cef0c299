package com.companyos.dr;

import com.companyos.audit.AuditService;
import com.companyos.base.Ids;
import com.companyos.dr.internal.DrillRepository;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A drill whose console stopped while it ran: db-scheduler revives its {@code dr-drill} execution on a live console
 * (here: scheduled again, which is what reviving a dead execution does), and the drill ends as an error that says
 * where it stopped — never left "running" — with its primary region up.
 */
class DrillRestartIT extends ConsoleIT {

    @Autowired
    TenantService tenants;
    @Autowired
    DrillRepository repository;
    @Autowired
    DrillService drills;
    @Autowired
    AuditService audit;
    @Autowired
    SchedulerClient scheduler;
    @Autowired
    @Qualifier("drillTask")
    Task<Instant> drillTask;

    @Test
    void a_drill_left_running_by_a_stopped_console_ends_as_an_error_with_the_reason() {
        awaitAllRegionsHealthy();
        Tenant t = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("drillstop"), false, "eu-west", "eu-central", null));
        UUID id = Ids.timeOrdered(clock);
        // As the stopped console left it: approved, started, mid-run.
        repository.insert(id, t.id(), "RUNNING", "operator", null, false, 1, 10, "eu-west", "eu-central", clock.instant());
        scheduler.scheduleIfNotExists(drillTask.instance(id.toString(), clock.instant()), Instant.now());

        Drill d = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            d = As.operator(() -> drills.find(id)).orElseThrow();
            if (d.finished()) {
                break;
            }
            sleep(200);
        }
        assertThat(d).isNotNull();
        assertThat(d.finished()).isTrue();
        assertThat(d.status()).isEqualTo("ERROR");
        assertThat(d.error()).contains("The console running this drill stopped").contains("cannot be resumed").contains("eu-west is up");
        assertThat(d.reportReady()).isFalse();
        assertThat(TestTenants.entries(audit, "dr.drill-finished", "tenant:" + t.slug())).singleElement()
                .satisfies(e -> assertThat(e.details()).contains("ERROR"));
        assertThat(scheduler.getScheduledExecution(drillTask.instance(id.toString()))).isEmpty();
    }
}
