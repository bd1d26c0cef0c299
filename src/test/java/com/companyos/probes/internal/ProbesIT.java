package com.companyos.probes.internal;

import com.companyos.base.Role;
import com.companyos.probes.ProbeDefinition;
import com.companyos.probes.ProbeKind;
import com.companyos.probes.ProbeRun;
import com.companyos.probes.ProbeService;
import com.companyos.probes.ProbeStatus;
import com.companyos.security.LocalAccountService;
import com.companyos.slo.SloService;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.github.kagkarlsson.scheduler.Scheduler;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.companyos.db.Tables.PROBE_GOLDEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each critical-path probe passes on the healthy stack and fails for the right reason when its path is broken: the
 * synthetic account revoked, the job scheduler stopped, a region's data API failing, the export's evidence changed.
 */
class ProbesIT extends ConsoleIT {

    @Autowired
    ProbeService probes;
    @Autowired
    LocalAccountService accounts;
    @Autowired
    Scheduler scheduler;
    @Autowired
    SloService slos;
    @Autowired
    DSLContext db;

    @BeforeEach
    void healthy() {
        awaitAllRegionsHealthy();
    }

    private ProbeRun run(String probe, String place) {
        return As.operator(() -> probes.runNow(probe, place, "ProbesIT"));
    }

    @Test
    void built_in_probes_exist_with_owners_and_places() {
        List<ProbeDefinition> all = As.user("viewer", Role.EXECUTIVE, () -> probes.probes());
        assertThat(all).extracting(ProbeDefinition::name).contains("login", "tenant-query", "export", "job-queue", "residency");
        assertThat(all).allSatisfy(p -> assertThat(p.owner()).isNotBlank());
        assertThat(As.operator(() -> probes.schedule("tenant-query"))).extracting(ProbeService.Scheduled::place)
                .containsExactlyInAnyOrder("eu-west", "eu-central", "us-east");
        assertThat(As.operator(() -> probes.schedule("login"))).extracting(ProbeService.Scheduled::place).containsExactly("console");
        assertThatThrownBy(() -> As.user("viewer", Role.EXECUTIVE, () -> probes.runNow("login", "console", "x")))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void login_probe_signs_in_and_fails_when_the_synthetic_account_is_revoked() {
        ProbeRun ok = run("login", "console");
        assertThat(ok.status().passed()).as(ok.detail() + " " + ok.steps()).isTrue();
        assertThat(ok.steps()).extracting(s -> s.name()).contains("load sign-in page", "sign in", "load start page");
        assertThat(ok.release()).startsWith("console@");
        try {
            As.user("admin", Role.PLATFORM_ADMIN, () -> accounts.disable(LoginProbe.ACCOUNT, "ProbesIT: revoke the synthetic account"));
            ProbeRun revoked = run("login", "console");
            assertThat(revoked.status()).isEqualTo(ProbeStatus.FAIL);
            assertThat(revoked.detail()).contains("sign in").contains("refused");
            assertThat(revoked.attempts()).isEqualTo(2); // retried once, as the built-in login probe says
        } finally {
            As.user("admin", Role.PLATFORM_ADMIN, () -> accounts.enable(LoginProbe.ACCOUNT, "ProbesIT: restore"));
        }
        assertThat(run("login", "console").status().passed()).isTrue();
    }

    @Test
    void job_queue_probe_sees_its_job_run_and_fails_when_the_worker_is_stopped() {
        ProbeRun ok = run("job-queue", "console");
        assertThat(ok.status().passed()).as(ok.detail()).isTrue();
        scheduler.pause();
        try {
            As.operator(() -> probes.save(withTimeout(probes.probe("job-queue"), 3), "ProbesIT: short deadline"));
            ProbeRun stopped = run("job-queue", "console");
            assertThat(stopped.status()).isEqualTo(ProbeStatus.FAIL);
            assertThat(stopped.detail()).contains("no worker ran job");
        } finally {
            scheduler.resume();
            As.operator(() -> probes.save(withTimeout(probes.probe("job-queue"), 20), "ProbesIT: restore"));
        }
    }

    @Test
    void tenant_query_probe_reads_exactly_its_rows_in_each_region_and_fails_when_the_region_breaks() {
        for (String region : List.of("eu-west", "eu-central", "us-east")) {
            ProbeRun ok = run("tenant-query", region);
            assertThat(ok.status().passed()).as(region + ": " + ok.detail() + " " + ok.steps()).isTrue();
            assertThat(ok.steps()).filteredOn(s -> s.name().equals("query records")).first()
                    .satisfies(s -> assertThat(s.detail()).contains("exactly the 3 known rows"));
            assertThat(ok.release()).as("the release that served the data API").isNotBlank();
            assertThat(ok.place()).isEqualTo(region);
        }
        try {
            As.operator(() -> slos.changeFaults("region:us-east", 1.0, 0));
            ProbeRun broken = run("tenant-query", "us-east");
            assertThat(broken.status()).isEqualTo(ProbeStatus.FAIL);
            assertThat(broken.detail()).contains("write probe-row-1").contains("HTTP 5");
            assertThat(run("tenant-query", "eu-west").status().passed()).as("only us-east is broken").isTrue();
        } finally {
            As.operator(() -> slos.changeFaults("region:us-east", 0, 0));
        }
    }

    @Test
    void export_probe_verifies_the_bundle_and_its_deterministic_parts_and_fails_when_they_change() {
        ProbeRun first = run("export", "eu-central");
        assertThat(first.status().passed()).as(first.detail() + " " + first.steps()).isTrue();
        ProbeRun second = run("export", "eu-central");
        assertThat(second.status().passed()).as(second.detail() + " " + second.steps()).isTrue();
        assertThat(second.steps()).filteredOn(s -> s.name().equals("deterministic parts")).first()
                .satisfies(s -> assertThat(s.detail()).startsWith("as expected"));
        String recorded = db.select(PROBE_GOLDEN.SHA256).from(PROBE_GOLDEN).where(PROBE_GOLDEN.PLACE.eq("eu-central")).fetchOne(PROBE_GOLDEN.SHA256);
        try {
            db.update(PROBE_GOLDEN).set(PROBE_GOLDEN.SHA256, "0".repeat(64)).where(PROBE_GOLDEN.PLACE.eq("eu-central")).execute();
            ProbeRun changed = run("export", "eu-central");
            assertThat(changed.status()).isEqualTo(ProbeStatus.FAIL);
            assertThat(changed.detail()).contains("deterministic parts").contains("evidence changed or was lost");
        } finally {
            db.update(PROBE_GOLDEN).set(PROBE_GOLDEN.SHA256, recorded).where(PROBE_GOLDEN.PLACE.eq("eu-central")).execute();
        }
    }

    @Test
    void residency_probe_is_one_of_the_probes() {
        ProbeRun run = run("residency", "console");
        assertThat(run.status().passed()).as(run.detail()).isTrue();
        assertThat(run.detail()).contains("denied as required").contains("0 allowed");
    }

    @Test
    void a_probe_definition_is_validated_with_a_readable_reason() {
        ProbeDefinition p = As.operator(() -> probes.probe("login"));
        assertThatThrownBy(() -> As.operator(() -> probes.save(withTimeout(p, 40), "too long")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most half the interval");
        assertThatThrownBy(() -> As.operator(() -> probes.save(new ProbeDefinition("x-probe", ProbeKind.LOGIN, "auth", "nobody-owns",
                Duration.ofSeconds(60), Duration.ofSeconds(10), 0, List.of(), Duration.ofSeconds(1), 3, 5, 2, true, null, Instant.now()), "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No owner named nobody-owns");
        assertThatThrownBy(() -> As.operator(() -> probes.runNow("tenant-query", "console", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in console");
    }

    static ProbeDefinition withTimeout(ProbeDefinition p, int seconds) {
        Duration t = Duration.ofSeconds(seconds);
        return new ProbeDefinition(p.name(), p.kind(), p.criticalPath(), p.owner(), p.interval(), t, p.retries(), p.regions(),
                p.degradedAfter().compareTo(t) > 0 ? t : p.degradedAfter(), p.failN(), p.failM(), p.resolveAfter(), p.enabled(), null, null);
    }

}
