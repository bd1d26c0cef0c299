package com.companyos.approvals;

import com.companyos.audit.AuditQuery;
import com.companyos.audit.AuditService;
import com.companyos.base.ConflictException;
import com.companyos.base.Role;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.tenants.Contact;
import com.companyos.tenants.CreateOutcome;
import com.companyos.tenants.TenantRequest;
import com.companyos.tenants.TenantService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** 50 compliance officers approve one request at the same moment: two votes count, it executes exactly once. */
class ApprovalConcurrencyIT extends ConsoleIT {

    @Autowired
    TenantService tenants;
    @Autowired
    ApprovalService approvals;
    @Autowired
    AuditService audit;

    @Test
    void fifty_concurrent_approvals_execute_the_request_exactly_once() throws Exception {
        awaitAllRegionsHealthy();
        String slug = "race-" + UUID.randomUUID().toString().substring(0, 8);
        CreateOutcome pending = As.operator(() -> tenants.create(new TenantRequest("Race", slug,
                List.of(new Contact("R", "r@race.example", "")), "EU", true, "eu-west", "eu-central", List.of("READ"),
                "internal", "none", false, "race test")));
        UUID id = pending.approvalRequestId();

        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> votes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String officer = "officer-" + i;
            votes.add(pool.submit(() -> {
                start.await();
                try {
                    As.user(officer, Role.COMPLIANCE_OFFICER, () -> approvals.approve(id, "approve in the race"));
                    return true;
                } catch (ConflictException refused) {
                    return false;
                }
            }));
        }
        start.countDown();
        int accepted = 0;
        for (Future<Boolean> v : votes) {
            accepted += v.get(60, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(accepted).isEqualTo(2);

        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        ApprovalRequest r;
        do {
            sleep(200);
            r = As.operator(() -> approvals.find(id)).orElseThrow();
        } while (r.status() != ApprovalStatus.EXECUTED && Instant.now().isBefore(deadline));
        assertThat(r.status()).isEqualTo(ApprovalStatus.EXECUTED);
        assertThat(r.votes()).hasSize(2);
        assertThat(r.executionAttempts()).isEqualTo(1);
        sleep(3000); // give any (wrong) second execution the chance to happen before counting
        assertThat(count("approval.executed", "approval:" + id)).isEqualTo(1);
        assertThat(count("tenant.created", "tenant:" + slug)).isEqualTo(1);
        assertThat(count("approval.vote-refused", "approval:" + id)).isEqualTo(48);
    }

    long count(String action, String target) {
        return As.user("auditor", Role.PLATFORM_ADMIN, () -> audit.search(new AuditQuery(null, action, target, null, null), 0, 200))
                .stream().filter(e -> e.action().equals(action) && e.target().equals(target)).count();
    }
}
