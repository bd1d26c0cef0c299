package com.companyos.security;

import com.companyos.approvals.ApprovalService;
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

import javax.net.ssl.SSLSocket;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data port reads no body before it has admitted the caller, and no body larger than its limit (1 MiB): an
 * unauthenticated caller cannot make an agent hold its upload in memory (an agent once ran out of heap on three
 * parallel 300 MB PUTs without a token). Bad input is answered in the product's words, never with a Java name.
 */
class DataPortInputIT extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MIB = 1024 * 1024;

    @Autowired
    TenantService tenants;
    @Autowired
    ApprovalService approvals;

    static Tenant tenant;
    static String token;

    @BeforeEach
    void tenant() {
        awaitAllRegionsHealthy();
        if (tenant == null) {
            tenant = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("limits"), false, "eu-west", "eu-central", null));
            token = As.operator(() -> tenants.issueToken(tenant.slug(), "limits-app")).token();
        }
    }

    private HttpClient http() throws Exception {
        return HttpClient.newBuilder().sslContext(DataApi.trusting(DATA_DIR.resolve("pki/ca.crt"))).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private URI uri(String slug, String rest) {
        return URI.create("https://localhost:" + DATA_PORTS.get(EU_WEST) + "/data/v1/tenants/" + slug + "/" + rest);
    }

    private static String recordOf(int bytes) {
        char[] data = new char[bytes];
        Arrays.fill(data, 'x');
        return "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"" + new String(data) + "\"}";
    }

    @Test
    void a_body_over_the_limit_is_refused_with_413_by_its_declared_length_even_without_a_token() throws Exception {
        HttpResponse<String> r = http().send(HttpRequest.newBuilder(uri("nobody", "records/k")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(recordOf(8 * MIB))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        JsonNode problem = JSON.readTree(r.body());
        assertThat(problem.path("detail").asText()).contains("1048576 bytes");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("com.companyos");
    }

    @Test
    void a_chunked_body_that_grows_past_the_limit_is_refused_with_413_on_the_write_path_and_on_mvc_routes() throws Exception {
        byte[] big = recordOf(2 * MIB).getBytes(StandardCharsets.UTF_8);
        for (String rest : new String[]{"records/too-big", "analytics"}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(tenant.slug(), rest)).timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
            // An InputStream publisher has no length: the body goes chunked, so only counting can stop it.
            HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big));
            HttpRequest request = rest.startsWith("records") ? b.PUT(chunked).build() : b.POST(chunked).build();
            HttpResponse<String> r;
            try {
                r = http().send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException closedWhileSending) {
                continue; // the agent answered and closed before the client finished sending: refused all the same
            }
            assertThat(r.statusCode()).as(rest + ": " + r.body()).isEqualTo(413);
        }
        HttpResponse<String> stored = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), tenant.slug(), token)
                .get("too-big");
        assertThat(stored.statusCode()).isEqualTo(404);
    }

    @Test
    void a_record_at_the_limit_still_fits() throws Exception {
        HttpResponse<String> r = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), tenant.slug(), token)
                .put("just-fits", recordOf(MIB - 200));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void the_caller_is_refused_before_its_body_is_read() throws Exception {
        // Headers promise 1000 bytes; only 10 are ever sent. An endpoint that read the body first would wait for the rest.
        try (SSLSocket socket = (SSLSocket) DataApi.trusting(DATA_DIR.resolve("pki/ca.crt")).getSocketFactory()
                .createSocket("localhost", DATA_PORTS.get(EU_WEST))) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /data/v1/tenants/" + tenant.slug() + "/records/k HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"data\":\"x").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            int n = in.readNBytes(head, 0, head.length);
            assertThat(new String(head, 0, n, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 401");
        }
    }

    @Test
    void a_wrong_value_is_answered_with_what_is_valid_and_no_internal_names() throws Exception {
        DataApi app = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), tenant.slug(), token);
        HttpResponse<String> zone = app.post("analytics", "{\"aggregate\":true,\"resultZone\":\"xx\"}");
        assertThat(zone.statusCode()).as(zone.body()).isEqualTo(400);
        assertThat(JSON.readTree(zone.body()).path("detail").asText()).isEqualTo("'xx' is not a residency zone; use one of EU, US, APAC");

        HttpResponse<String> receipt = app.receipt("not-an-id");
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(400);
        assertThat(JSON.readTree(receipt.body()).path("detail").asText()).startsWith("'not-an-id' is not a valid receiptId: expected an ID");

        HttpResponse<String> limit = app.raw("/data/v1/tenants/" + tenant.slug() + "/records?limit=lots");
        assertThat(limit.statusCode()).as(limit.body()).isEqualTo(400);
        assertThat(JSON.readTree(limit.body()).path("detail").asText()).isEqualTo("'lots' is not a valid limit: expected a whole number");

        HttpResponse<String> malformed = app.put("k", "{\"classification\": [}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        for (HttpResponse<String> r : java.util.List.of(zone, receipt, limit, malformed)) {
            assertThat(r.body()).doesNotContain("com.companyos").doesNotContain("java.").doesNotContain("Exception")
                    .doesNotContain("No enum constant");
        }
    }
}
