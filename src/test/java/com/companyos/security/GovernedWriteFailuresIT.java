package com.companyos.security;

import com.companyos.agent.decisions.DecisionSealer;
import com.companyos.regions.RegionAgents;
import com.companyos.support.AgentMetrics;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The governed writer's failures, on the real stack: a write the regional database refuses for what it holds is answered
 * 4xx (no retry) and fails alone — the other tenants' writes of its group-commit batch commit; and a write whose request
 * gave up waiting in the writer's queue is never stored afterwards. To hold writes in one batch, or in the queue, the
 * test takes the decision chain's sealing lock on eu-west's own PostgreSQL (every batch takes it), as another agent
 * process sharing the database would.
 */
class GovernedWriteFailuresIT extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENT = Duration.ofSeconds(120);
    private static final String BATCHES = "companyos_governed_write_batch_size_count{region=\"eu-west\"}";
    private static final String BATCHES_OF_ONE = "companyos_governed_write_batch_size_bucket{region=\"eu-west\",le=\"1\"}";

    @Autowired
    TenantService tenants;
    @Autowired
    RegionAgents agents;

    static DataApi blocker;
    static DataApi first;
    static DataApi second;

    @BeforeEach
    void tenants() {
        awaitAllRegionsHealthy();
        if (blocker == null) {
            blocker = app("wf-block");
            first = app("wf-first");
            second = app("wf-second");
        }
    }

    private DataApi app(String prefix) {
        Tenant t = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug(prefix), false, "eu-west", "eu-central", null));
        String token = As.operator(() -> tenants.issueToken(t.slug(), prefix + "-app")).token();
        return new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), t.slug(), token);
    }

    private static String record(String data) {
        return "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"" + data + "\"}";
    }

    /** About 840 KB of distinct words (under the 1 MiB body limit): a search entry of about 1.2 MB, over PostgreSQL's 1 MiB. */
    private static String distinctWords() {
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < 120_000; i++) {
            int n = i;
            for (int letter = 0; letter < 6; letter++) {
                words.append((char) ('a' + n % 26));
                n /= 26;
            }
            words.append(' ');
        }
        return words.toString();
    }

    @Test
    void a_record_too_large_to_index_is_refused_with_413_and_the_other_tenants_write_in_its_batch_commits() throws Exception {
        Map<String, Double> before;
        CompletableFuture<HttpResponse<String>> held;
        CompletableFuture<HttpResponse<String>> poison;
        CompletableFuture<HttpResponse<String>> good;
        try (Connection db = agentDatabase("eu-west")) {
            holdSealingLock(db);
            held = blocker.putAsync("held", record("first in line"), PATIENT);
            awaitWriterWaiting(db);
            before = AgentMetrics.samples(AgentMetrics.scrape(agents, EU_WEST));
            poison = first.putAsync("too-many-words", record(distinctWords()), PATIENT);
            good = second.putAsync("ordinary", record("an ordinary record"), PATIENT);
            Thread.sleep(3000); // both decided, signed and queued behind the held batch (milliseconds each)
            releaseSealingLock(db);
        }
        HttpResponse<String> refused = poison.get(PATIENT.toSeconds(), TimeUnit.SECONDS);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("detail").asText()).contains("too many distinct words").contains("not stored");
        assertThat(refused.body()).doesNotContain("tsvector").doesNotContain("Exception").doesNotContain("com.companyos");

        HttpResponse<String> committed = good.get(PATIENT.toSeconds(), TimeUnit.SECONDS);
        assertThat(committed.statusCode()).as(committed.body()).isEqualTo(200);
        assertThat(held.get(PATIENT.toSeconds(), TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get("ordinary").statusCode()).isEqualTo(200);
        assertThat(first.get("too-many-words").statusCode()).isEqualTo(404);

        Map<String, Double> after = AgentMetrics.samples(AgentMetrics.scrape(agents, EU_WEST));
        double batchesOfMore = (after.get(BATCHES) - after.get(BATCHES_OF_ONE)) - (before.get(BATCHES) - before.get(BATCHES_OF_ONE));
        assertThat(batchesOfMore).as("the refused write and the other tenant's went to the database in one batch").isGreaterThanOrEqualTo(1);
    }

    @Test
    void a_value_the_database_cannot_store_is_refused_with_422_not_a_retry() throws Exception {
        HttpResponse<String> r = first.put("nul-byte", record("before\\u0000after"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.headers().firstValue("Retry-After")).isEmpty();
        assertThat(JSON.readTree(r.body()).path("detail").asText()).contains("NUL").contains("not stored");
        assertThat(first.get("nul-byte").statusCode()).isEqualTo(404);
        assertThat(first.put("nul-byte", record("before after")).statusCode()).isEqualTo(200);
    }

    @Test
    void a_write_that_timed_out_in_the_queue_is_never_stored_after_the_client_deleted_the_record() throws Exception {
        assertThat(second.put("contract", record("version 1")).statusCode()).isEqualTo(200);
        HttpResponse<String> gaveUp;
        CompletableFuture<HttpResponse<String>> held;
        try (Connection db = agentDatabase("eu-west")) {
            holdSealingLock(db);
            held = blocker.putAsync("held-" + Instant.now().toEpochMilli(), record("taken by the writer"), PATIENT);
            awaitWriterWaiting(db);
            gaveUp = second.putAsync("contract", record("version 2"), PATIENT).get(PATIENT.toSeconds(), TimeUnit.SECONDS);
            assertThat(gaveUp.statusCode()).as(gaveUp.body()).isEqualTo(503);
            // The client takes version 2 as not stored and deletes the record.
            assertThat(second.delete("contract").statusCode()).isEqualTo(204);
            releaseSealingLock(db);
        }
        // The writer catches up: a later write of the same tenant is answered only after everything queued before it.
        assertThat(second.put("after", record("later")).statusCode()).isEqualTo(200);
        assertThat(second.get("contract").statusCode()).as("the write its client was told failed stayed unstored").isEqualTo(404);
        assertThat(JSON.readTree(gaveUp.body()).path("detail").asText()).contains("it was not stored");

        // The write the writer had already taken waited for its batch: its answer says what the database holds.
        HttpResponse<String> taken = held.get(PATIENT.toSeconds(), TimeUnit.SECONDS);
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
        String key = JSON.readTree(taken.body()).path("key").asText();
        assertThat(blocker.get(key).statusCode()).isEqualTo(200);
    }

    /** A connection to a region agent's own PostgreSQL (its port is line 4 of postmaster.pid). */
    private static Connection agentDatabase(String region) throws Exception {
        Path pid = DATA_DIR.resolve("agents").resolve(region).resolve("postgres").resolve("postmaster.pid");
        int port = Integer.parseInt(Files.readAllLines(pid).get(3).trim());
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/companyos_agent", "postgres", "postgres");
    }

    /**
     * Takes the sealing lock once every decision is sealed, so the writer's thread next waits for it in a batch (the
     * batch's writes taken) rather than while sealing between batches (every write still queued).
     */
    private static void holdSealingLock(Connection db) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (unsealed(db) > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        try (Statement s = db.createStatement()) {
            s.execute("select pg_advisory_lock(" + DecisionSealer.SEAL_LOCK + ")");
        }
    }

    private static int unsealed(Connection db) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("select count(*) from decision_log where seq is null")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void releaseSealingLock(Connection db) throws Exception {
        try (Statement s = db.createStatement()) {
            s.execute("select pg_advisory_unlock(" + DecisionSealer.SEAL_LOCK + ")");
        }
    }

    /** Until the governed writer's thread waits for the sealing lock (in a batch, or sealing between batches). */
    private static void awaitWriterWaiting(Connection db) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            try (Statement s = db.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from pg_locks where locktype = 'advisory' and not granted")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("The governed writer did not reach the sealing lock within 20 s");
    }
}
