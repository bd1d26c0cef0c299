package com.companyos.dr;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.DecisionRecord;
import com.companyos.agentapi.control.NamespaceInfo;
import com.companyos.agentapi.control.ReplicationStatus;
import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalStatus;
import com.companyos.base.RegionId;
import com.companyos.regions.LocalAgentSupervisor;
import com.companyos.regions.RegionAgents;
import com.companyos.support.AgentMetrics;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Contact;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantRequest;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replication on the real stack: three agent processes with their own PostgreSQL, mutual TLS between them, Cedar
 * deciding every batch. Agents are killed with SIGKILL mid-stream; what a writer was told is stored must be on the
 * standby exactly once.
 */
class ReplicationIT extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    TenantService tenants;
    @Autowired
    ApprovalService approvals;
    @Autowired
    FailoverService failover;
    @Autowired
    RegionAgents agents;
    @Autowired
    LocalAgentSupervisor supervisor;

    static TenantRequest request(String slug, String primary, String failover) {
        return new TenantRequest("Tenant " + slug, slug, List.of(new Contact("Dana Privacy", "dana@" + slug + ".example", "DPO")),
                "EU", false, primary, failover, List.of("READ", "WRITE"), "internal", "none", false, "replication test");
    }

    DataApi api(Tenant t, RegionId region, String token) {
        return new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(region), t.slug(), token);
    }

    ReplicationStatus status(Tenant t, RegionId region) {
        return agents.client(region).get(AgentPaths.tenantReplication(t.id().toString()), ReplicationStatus.class).orElseThrow();
    }

    <T> T await(String what, java.util.function.Supplier<T> probe, Predicate<T> done, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                last = probe.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                // agent restarting
            }
            sleep(100);
        }
        throw new AssertionError("Timed out waiting for " + what + "; last: " + last);
    }

    @Test
    void acknowledged_writes_reach_the_standby_exactly_once_through_kill_9_of_either_agent_and_a_planned_failover_serves_them()
            throws Exception {
        awaitAllRegionsHealthy();
        Tenant t = TestTenants.createUnlocked(tenants, request(TestTenants.slug("repl"), "eu-west", "eu-central"));
        String token = As.operator(() -> tenants.issueToken(t.slug(), "writer")).token();
        DataApi primary = api(t, EU_WEST, token);

        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                String key = "k-" + i;
                String data = "value " + i + " " + "x".repeat(i % 50);
                try {
                    HttpResponse<String> r = primary.put(key, "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"" + data + "\"}");
                    if (r.statusCode() == 200) {
                        acknowledged.put(key, JSON.readTree(r.body()).path("payloadSha256").asText());
                        i++;
                    } else {
                        sleep(50);
                    }
                } catch (Exception agentDown) {
                    sleep(50);
                }
            }
        }, "test-writer");
        writer.start();
        try {
            await("100 writes", acknowledged::size, n -> n >= 100, Duration.ofSeconds(60));
            supervisor.kill(EU_WEST);   // the shipping agent, mid-stream
            sleep(300);
            supervisor.restart(EU_WEST);
            int before = acknowledged.size();
            await("writes after the shipper's restart", acknowledged::size, n -> n >= before + 100, Duration.ofSeconds(90));
            supervisor.kill(EU_CENTRAL);   // the receiving agent, mid-stream
            sleep(300);
            supervisor.restart(EU_CENTRAL);
            int after = acknowledged.size();
            await("writes after the receiver's restart", acknowledged::size, n -> n >= after + 100, Duration.ofSeconds(90));
        } finally {
            stop.set(true);
            writer.join(10_000);
        }

        ReplicationStatus shipped = await("the standby to catch up", () -> status(t, EU_WEST), s -> s.seqBehind() == 0, Duration.ofSeconds(60));
        ReplicationStatus standby = status(t, EU_CENTRAL);
        assertThat(standby.role()).isEqualTo("STANDBY");
        assertThat(standby.appliedSeq()).isEqualTo(shipped.nextSeq());
        // Every sequence number applied exactly once: no change was applied twice across the kills.
        assertThat(standby.appliedChanges()).isEqualTo(standby.appliedSeq());
        NamespaceInfo replica = agents.client(EU_CENTRAL).get(AgentPaths.namespace(t.id().toString()), NamespaceInfo.class).orElseThrow();
        assertThat(replica.records()).isEqualTo(acknowledged.size());
        // Each batch was decided: the replication decisions are in the shipping region's decision log, allowed.
        DecisionRecord decision = agents.client(EU_WEST)
                .get(AgentPaths.DECISION.replace("{decisionId}", shipped.lastDecisionId()), DecisionRecord.class).orElseThrow();
        assertThat(decision.seam()).isEqualTo("REPLICATION");
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.receiptId()).isNotBlank();

        // A planned failover: eu-west fenced, eu-central catches up and takes over under epoch 2 — no loss.
        FailoverService.Outcome requested = As.operator(() -> failover.request(t.slug(), FailoverKind.FAILOVER, true, false, "planned move"));
        TestTenants.approveTwice(approvals, requested.request().id());
        assertThat(TestTenants.awaitFinal(approvals, requested.request().id()).status()).isEqualTo(ApprovalStatus.EXECUTED);
        Tenant moved = As.operator(() -> tenants.get(t.slug()));
        assertThat(moved.activeRegion()).isEqualTo("eu-central");
        assertThat(moved.epoch()).isEqualTo(2);

        DataApi promoted = api(t, EU_CENTRAL, token);   // the token travelled with the tenant's changes
        for (var e : acknowledged.entrySet()) {
            HttpResponse<String> r = promoted.get(e.getKey());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).path("payloadSha256").asText()).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(promoted.put("after-failover", "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"new\"}")
                .statusCode()).isEqualTo(200);
        // The old primary now sends the tenant's applications to eu-central, and is its standby.
        HttpResponse<String> misdirected = primary.put("stale-write", "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"x\"}");
        assertThat(misdirected.statusCode()).isEqualTo(421);
        assertThat(misdirected.body()).contains("eu-central");
        await("eu-west to apply the write made after the failover", () -> status(t, EU_WEST),
                s -> "STANDBY".equals(s.role()) && s.appliedSeq() >= shipped.nextSeq() + 1, Duration.ofSeconds(30));
    }

    Map<String, Double> metrics(RegionId region) throws java.io.IOException {
        return AgentMetrics.samples(AgentMetrics.scrape(agents, region));
    }

    @Test
    void the_agent_metrics_show_replication_lag_and_where_each_committed_governed_write_spent_its_time() throws Exception {
        awaitAllRegionsHealthy();
        Tenant t = TestTenants.createUnlocked(tenants, request(TestTenants.slug("metrics"), "eu-west", "eu-central"));
        String token = As.operator(() -> tenants.issueToken(t.slug(), "writer")).token();
        String stage = "companyos_governed_write_stage_seconds";
        String region = "region=\"eu-west\"";
        Map<String, Double> before = metrics(EU_WEST);
        DataApi api = api(t, EU_WEST, token);
        for (int i = 0; i < 5; i++) {
            assertThat(api.put("m-" + i, "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"v" + i + "\"}")
                    .statusCode()).isEqualTo(200);
        }
        // a write refused for bad input never reaches the writer, and is not counted
        assertThat(api.put("untagged", "{\"retentionPolicy\":\"none\",\"data\":\"x\"}").statusCode()).isEqualTo(400);
        Map<String, Double> after = metrics(EU_WEST);

        java.util.function.Function<String, Double> delta = key -> after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
        double writes = delta.apply(stage + "_count{" + region + ",stage=\"total\"}");
        assertThat(writes).isEqualTo(5);
        for (String s : List.of("decide", "queue", "commit", "resume")) {
            String labels = region + ",stage=\"" + s + "\"";
            assertThat(delta.apply(stage + "_count{" + labels + "}")).as(s).isEqualTo(writes);
            assertThat(after.get(stage + "_bucket{" + labels + ",le=\"+Inf\"}")).as(s).isEqualTo(after.get(stage + "_count{" + labels + "}"));
            assertThat(after.get(stage + "_sum{" + labels + "}")).as(s).isLessThanOrEqualTo(after.get(stage + "_sum{" + region + ",stage=\"total\"}"));
        }
        // the buckets are cumulative, and the commits took some time
        double previous = 0;
        for (String le : List.of("0.0001", "0.001", "0.01", "0.1", "1", "5")) {
            double bucket = after.get(stage + "_bucket{" + region + ",stage=\"commit\",le=\"" + le + "\"}");
            assertThat(bucket).isGreaterThanOrEqualTo(previous);
            previous = bucket;
        }
        assertThat(delta.apply(stage + "_sum{" + region + ",stage=\"commit\"}")).isPositive();
        assertThat(delta.apply("companyos_governed_write_batch_size_sum{" + region + "}")).isEqualTo(writes);
        assertThat(delta.apply("companyos_governed_write_batch_size_count{" + region + "}")).isBetween(1.0, writes);
        // and the lag of the tenant's replication stream is there too
        assertThat(after).containsKey("companyos_replication_lag_seconds{" + region + ",tenant=\"" + t.slug() + "\",role=\"ACTIVE\"}");
    }

    @Test
    void replication_to_a_standby_outside_the_zone_is_refused_and_recorded() throws Exception {
        awaitAllRegionsHealthy();
        Tenant t = TestTenants.createUnlocked(tenants, request(TestTenants.slug("abroad"), "eu-west", "us-east"));
        String token = As.operator(() -> tenants.issueToken(t.slug(), "writer")).token();
        assertThat(api(t, EU_WEST, token).put("a", "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"eu only\"}")
                .statusCode()).isEqualTo(200);
        ReplicationStatus refused = await("the replication decision", () -> status(t, EU_WEST),
                s -> s.lastDecisionId() != null && !s.lastDecisionAllowed(), Duration.ofSeconds(30));
        assertThat(refused.problem()).contains("refused by policy");
        assertThat(refused.seqBehind()).isPositive();
        DecisionRecord decision = agents.client(EU_WEST)
                .get(AgentPaths.DECISION.replace("{decisionId}", refused.lastDecisionId()), DecisionRecord.class).orElseThrow();
        assertThat(decision.seam()).isEqualTo("REPLICATION");
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.policies()).contains("standby-stays-in-zone");
        assertThat(decision.receiptId()).isNotBlank();
        NamespaceInfo us = agents.client(US_EAST).get(AgentPaths.namespace(t.id().toString()), NamespaceInfo.class).orElseThrow();
        assertThat(us.records()).isZero();
        assertThat(status(t, US_EAST).appliedSeq()).isZero();
    }

    @Test
    void an_old_primary_that_comes_back_after_an_emergency_failover_is_fenced_and_becomes_the_standby() throws Exception {
        awaitAllRegionsHealthy();
        Tenant t = TestTenants.createUnlocked(tenants, request(TestTenants.slug("fence"), "eu-west", "eu-central"));
        String token = As.operator(() -> tenants.issueToken(t.slug(), "writer")).token();
        DataApi west = api(t, EU_WEST, token);
        for (int i = 0; i < 20; i++) {
            assertThat(west.put("r-" + i, "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"v" + i + "\"}")
                    .statusCode()).isEqualTo(200);
        }
        await("replication", () -> status(t, EU_WEST), s -> s.seqBehind() == 0, Duration.ofSeconds(30));
        supervisor.kill(EU_WEST);
        FailoverService.Outcome done = As.operator(() -> failover.request(t.slug(), FailoverKind.FAILOVER, false, true, "eu-west is down"));
        assertThat(done.timeline().oldFenced()).isFalse();
        assertThat(done.timeline().epoch()).isEqualTo(2);
        assertThat(As.operator(() -> failover.events(t.slug(), 5)).get(0).reviewRequired()).isTrue();
        DataApi central = api(t, EU_CENTRAL, token);
        assertThat(central.put("during-outage", "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"new\"}")
                .statusCode()).isEqualTo(200);

        supervisor.restart(EU_WEST);
        ReplicationStatus back = await("eu-west to come back fenced, then as the standby", () -> status(t, EU_WEST),
                s -> s.epoch() == 2 && "STANDBY".equals(s.role()), Duration.ofSeconds(60));
        assertThat(back.confirmed()).isTrue();
        HttpResponse<String> refused = west.put("stale", "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"x\"}");
        assertThat(refused.statusCode()).isEqualTo(421);
        await("eu-west to receive the write made during the outage", () -> status(t, EU_WEST),
                s -> s.appliedSeq() >= status(t, EU_CENTRAL).nextSeq(), Duration.ofSeconds(30));
    }
}
