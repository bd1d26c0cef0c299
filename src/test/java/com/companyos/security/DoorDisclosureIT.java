package com.companyos.security;

import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.net.ssl.SSLSocket;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a caller of the data port learns without proving anything (issue 21, item 7): the same answer for every slug,
 * whether a tenant holds it, lives in this region or elsewhere; nothing decided, signed or stored per request, only a
 * count per hour and reason; and an address refused too often is answered 429.
 */
class DoorDisclosureIT extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    TenantService tenants;

    @Test
    void without_a_token_of_the_tenant_every_slug_gets_the_same_answer_and_nothing_is_recorded_per_request() throws Exception {
        awaitAllRegionsHealthy();
        Tenant here = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("door"), false, "eu-central", "eu-west", null));
        Tenant elsewhere = TestTenants.createUnlocked(tenants,
                TestTenants.request(TestTenants.slug("door"), false, "us-east", "eu-west", null, "EU"));
        String hereToken = As.operator(() -> tenants.issueToken(here.slug(), "door-app")).token();
        String elsewhereToken = As.operator(() -> tenants.issueToken(elsewhere.slug(), "door-app")).token();
        String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        // Ingress decisions only: the new tenant's replication decisions arrive in this region on their own schedule.
        String decisions = "select count(*) from decision_log where seam = 'INGRESS' and tenant_slug in ('" + here.slug() + "', '"
                + elsewhere.slug() + "', '" + nobody + "')";
        long decisionsBefore = count(decisions);
        long refusalsBefore = count("select coalesce(sum(refusals), 0) from door_refusal");

        // Nothing proven: 401 for the tenant that lives here, one that lives elsewhere, and one that does not exist.
        List<String> answers = new ArrayList<>();
        for (String token : new String[]{null, "cot_forged-" + UUID.randomUUID()}) {
            for (String slug : List.of(here.slug(), elsewhere.slug(), nobody)) {
                HttpResponse<String> r = api(slug, token).put("k", "{\"classification\":\"public\",\"retentionPolicy\":\"none\",\"data\":\"x\"}");
                assertThat(r.statusCode()).as(slug + ": " + r.body()).isEqualTo(401);
                answers.add(token == null ? "none:" + detail(r) : "forged:" + detail(r));
            }
        }
        assertThat(answers.stream().distinct()).hasSize(2); // one answer without a token, one with a forged one, for all three
        // Another tenant's token: "no such tenant for this token", the same for a tenant elsewhere and for none at all.
        HttpResponse<String> foreignElsewhere = api(elsewhere.slug(), hereToken).get("k");
        HttpResponse<String> foreignNobody = api(nobody, hereToken).get("k");
        assertThat(foreignElsewhere.statusCode()).isEqualTo(404);
        assertThat(foreignNobody.statusCode()).isEqualTo(404);
        assertThat(detail(foreignElsewhere).replace(elsewhere.slug(), "?")).isEqualTo(detail(foreignNobody).replace(nobody, "?"));
        // Nothing was decided or signed for any of them; all were counted, in at most one row per reason and hour.
        assertThat(count(decisions)).isEqualTo(decisionsBefore);
        long refused = awaitRefusals(refusalsBefore + 8);
        assertThat(refused).isGreaterThanOrEqualTo(refusalsBefore + 8);
        assertThat(count("select count(*) from door_refusal")).isLessThanOrEqualTo(4 * count("select count(distinct hour) from door_refusal"));

        // The tenant's own token where it does not live: now the region names where it does, with a recorded denial.
        HttpResponse<String> misdirected = api(elsewhere.slug(), elsewhereToken).get("k");
        assertThat(misdirected.statusCode()).as(misdirected.body()).isEqualTo(421);
        assertThat(JSON.readTree(misdirected.body()).path("correctRegion").asText()).isEqualTo("us-east");
        assertThat(count(decisions)).isEqualTo(decisionsBefore + 1);
        // And here, where it lives, the tenant's token works.
        assertThat(api(here.slug(), hereToken).put("k", "{\"classification\":\"public\",\"retentionPolicy\":\"none\",\"data\":\"x\"}")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void an_address_refused_too_often_is_answered_429_and_others_are_not() throws Exception {
        awaitAllRegionsHealthy();
        // From an address of its own (any 127.x.y.z reaches loopback), so no other test's requests share its count.
        InetAddress flooder = InetAddress.getByName("127.0.0." + (10 + (int) (Math.random() * 200)));
        int status = 0;
        int sent = 0;
        while (status != 429 && sent < 500) {
            status = rawStatus(flooder, "/data/v1/tenants/nobody/records/k");
            assertThat(status).isIn(401, 429);
            sent++;
        }
        assertThat(status).as("after " + sent + " refused requests").isEqualTo(429);
        assertThat(sent).isGreaterThan(100); // the limit (120 a minute) is not hit by a handful of mistakes
        // Another address is heard as before.
        assertThat(api("nobody", null).get("k").statusCode()).isEqualTo(401);
    }

    private DataApi api(String slug, String token) {
        return new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_CENTRAL), slug, token);
    }

    private static String detail(HttpResponse<String> r) throws Exception {
        JsonNode problem = JSON.readTree(r.body());
        return problem.path("status").asText() + " " + problem.path("detail").asText();
    }

    /** The status of one GET sent from {@code from} over TLS 1.3 (a client socket bound to that loopback address). */
    private static int rawStatus(InetAddress from, String path) throws Exception {
        var factory = DataApi.trusting(DATA_DIR.resolve("pki/ca.crt")).getSocketFactory();
        try (SSLSocket socket = (SSLSocket) factory.createSocket(InetAddress.getLoopbackAddress(), DATA_PORTS.get(EU_CENTRAL), from, 0)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 401"
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    private long awaitRefusals(long atLeast) throws Exception {
        long seen = 0;
        for (int i = 0; i < 60 && seen < atLeast; i++) {
            seen = count("select coalesce(sum(refusals), 0) from door_refusal");
            if (seen < atLeast) {
                sleep(500); // counted in memory, added to the table every few seconds
            }
        }
        return seen;
    }

    /** A count from the eu-central agent's own PostgreSQL. */
    private static long count(String sql) throws Exception {
        Path pid = DATA_DIR.resolve("agents").resolve("eu-central").resolve("postgres").resolve("postmaster.pid");
        int port = Integer.parseInt(Files.readAllLines(pid).get(3).trim());
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/companyos_agent", "postgres", "postgres");
             ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
