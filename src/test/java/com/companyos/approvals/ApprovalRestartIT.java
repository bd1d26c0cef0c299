package com.companyos.approvals;

import com.companyos.CompanyOsApplication;
import com.companyos.base.Role;
import com.companyos.base.db.EmbeddedDatabase;
import com.companyos.base.db.EmbeddedDatabaseSettings;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.tenants.Contact;
import com.companyos.tenants.CreateOutcome;
import com.companyos.tenants.TenantRequest;
import com.companyos.tenants.TenantService;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly once across restarts and consoles: a console records two approvals and stops before executing; another
 * request was claimed by a console that died mid-execution. Two fresh consoles then start at the same time on the
 * same database: each request is executed exactly once.
 */
class ApprovalRestartIT extends ConsoleIT {

    @Test
    void approved_requests_survive_a_restart_and_execute_once_with_two_consoles_racing() throws Exception {
        awaitAllRegionsHealthy();
        Path dir = Files.createTempDirectory(DATA_DIR, "restart-");
        try (EmbeddedDatabase shared = EmbeddedDatabase.start(new EmbeddedDatabaseSettings(dir.resolve("pg"), "restart_cp", 0, false))) {
            String url = "jdbc:postgresql://localhost:" + shared.port() + "/restart_cp";
            String waiting = "restart-a-" + UUID.randomUUID().toString().substring(0, 6);
            String crashed = "restart-b-" + UUID.randomUUID().toString().substring(0, 6);
            UUID waitingRequest;
            UUID crashedRequest;
            try (ConfigurableApplicationContext a = console(url, dir, false)) {
                TenantService tenants = a.getBean(TenantService.class);
                ApprovalService approvals = a.getBean(ApprovalService.class);
                waitingRequest = submitAndApprove(tenants, approvals, waiting);
                crashedRequest = submitAndApprove(tenants, approvals, crashed);
                sleep(3000);
                assertThat(As.operator(() -> approvals.find(waitingRequest)).orElseThrow().status()).isEqualTo(ApprovalStatus.APPROVED);
            }
            DSLContext sql = DSL.using(shared.dataSource(), SQLDialect.POSTGRES);
            // What a console leaves behind when it dies after claiming a request and before finishing it.
            sql.execute("update approval_request set status = 'EXECUTING', execution_attempts = 1, "
                    + "execution_claimed_at = now() - interval '10 minutes' where request_id = ?", crashedRequest);

            List<CompletableFuture<ConfigurableApplicationContext>> starting = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                starting.add(CompletableFuture.supplyAsync(() -> console(url, dir, true)));
                // Spring Boot's logging initialisation is not safe for two applications at the same instant in one JVM
                // (logback's shared context); the rest of both start-ups, and their executors, still overlap.
                sleep(1500);
            }
            List<ConfigurableApplicationContext> consoles = starting.stream().map(CompletableFuture::join).toList();
            try {
                ApprovalService approvals = consoles.get(0).getBean(ApprovalService.class);
                for (UUID request : List.of(waitingRequest, crashedRequest)) {
                    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
                    ApprovalStatus status;
                    do {
                        sleep(250);
                        status = As.operator(() -> approvals.find(request)).orElseThrow().status();
                    } while (status != ApprovalStatus.EXECUTED && Instant.now().isBefore(deadline));
                    assertThat(status).as("request %s", request).isEqualTo(ApprovalStatus.EXECUTED);
                }
                sleep(5000); // both consoles keep polling; a second execution would show up now
                for (String slug : List.of(waiting, crashed)) {
                    assertThat(count(sql, "tenant.created", "tenant:" + slug)).as(slug).isEqualTo(1);
                    assertThat(sql.fetchCount(DSL.table("tenant"), DSL.field("slug").eq(slug))).isEqualTo(1);
                }
                for (UUID request : List.of(waitingRequest, crashedRequest)) {
                    assertThat(count(sql, "approval.executed", "approval:" + request)).isEqualTo(1);
                }
            } finally {
                consoles.forEach(ConfigurableApplicationContext::close);
            }
        }
    }

    private static UUID submitAndApprove(TenantService tenants, ApprovalService approvals, String slug) {
        CreateOutcome pending = As.operator(() -> tenants.create(new TenantRequest("Restart " + slug, slug,
                List.of(new Contact("R", "r@" + slug + ".example", "")), "EU", true, "eu-west", "eu-central", List.of("READ"),
                "internal", "none", false, "restart test")));
        As.user("compliance1", Role.COMPLIANCE_OFFICER, () -> approvals.approve(pending.approvalRequestId(), "ok"));
        As.user("compliance2", Role.COMPLIANCE_OFFICER, () -> approvals.approve(pending.approvalRequestId(), "ok"));
        return pending.approvalRequestId();
    }

    private static long count(DSLContext sql, String action, String target) {
        return sql.fetchCount(DSL.table("audit_log"), DSL.field("action").eq(action).and(DSL.field("target").eq(target)));
    }

    /** Another console instance: same agents and CA as the shared test stack, its own (external) control-plane database. */
    private static ConfigurableApplicationContext console(String url, Path dir, boolean executor) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--companyos.data-dir=" + dir.resolve("console"),
                "--companyos.pki.directory=" + DATA_DIR.resolve("pki"),
                "--companyos.agents.local.enabled=false",
                "--companyos.internal.port=0",
                "--companyos.probes.scheduled=false", "--companyos.demo.tenant=false",
                "--companyos.security.demo-accounts=false",
                "--companyos.approvals.executor-enabled=" + executor,
                "--companyos.approvals.poll-interval=1s",
                "--db-scheduler.polling-interval=1s"));
        AGENT_PORTS.forEach((region, port) -> args.add("--companyos.regions.endpoints." + region + ".url=https://localhost:" + port));
        DATA_PORTS.forEach((region, port) -> args.add("--companyos.regions.endpoints." + region + ".data-url=https://localhost:" + port));
        return new SpringApplicationBuilder(CompanyOsApplication.class).run(args.toArray(String[]::new));
    }
}
