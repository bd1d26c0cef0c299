package com.companyos.residency;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.ChainCheck;
import com.companyos.agentapi.control.DirectoryEntry;
import com.companyos.agentapi.data.Seam;
import com.companyos.approvals.ApprovalService;
import com.companyos.audit.AuditService;
import com.companyos.base.ConflictException;
import com.companyos.base.NotFoundException;
import com.companyos.base.Role;
import com.companyos.policy.PolicyChannel;
import com.companyos.policyadmin.PolicyBundles;
import com.companyos.regions.RegionAgents;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.Shell;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static com.companyos.db.Tables.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every residency seam on the real stack (console, three agents, their own PostgreSQL, mutual TLS, Cedar): each deny
 * path answers with a decision ID and a signed receipt that stock openssl verifies, and each decision can be drilled
 * into from the console. Tenants: an EU tenant (eu-west, failover eu-central), a residency-locked EU tenant, and an EU
 * tenant that is not locked but placed in us-east.
 */
class ResidencySeamsIT extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PII = "{\"classification\":\"pii\",\"retentionPolicy\":\"none\",\"data\":\"Jane Doe, Rue 1\"}";

    @Autowired
    TenantService tenants;
    @Autowired
    ApprovalService approvals;
    @Autowired
    AuditService audit;
    @Autowired
    ResidencyService residency;
    @Autowired
    ProofBundleService bundles;
    @Autowired
    PolicyBundles policyBundles;
    @Autowired
    RegionAgents agents;
    @Autowired
    DSLContext db;

    static Tenant open;
    static Tenant locked;
    static Tenant abroad;
    static String openToken;
    static String lockedToken;

    @BeforeEach
    void tenants() {
        awaitAllRegionsHealthy();
        if (open != null) {
            return;
        }
        open = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("seams"), false, "eu-west", "eu-central", null));
        locked = TestTenants.createLocked(tenants, approvals,
                TestTenants.request(TestTenants.slug("locked"), true, "eu-west", "eu-central", "residency-locked customer"));
        abroad = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("abroad"), false, "us-east", "eu-west", null, "EU"));
        openToken = As.operator(() -> tenants.issueToken(open.slug(), "seams-app")).token();
        lockedToken = As.operator(() -> tenants.issueToken(locked.slug(), "locked-app")).token();
    }

    DataApi app(Tenant t, String token, com.companyos.base.RegionId region) {
        return new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(region), t.slug(), token);
    }

    @Test
    void a_write_names_its_decision_and_its_receipt_verifies_with_openssl_and_fails_after_one_changed_byte(@TempDir Path dir)
            throws Exception {
        HttpResponse<String> put = app(open, openToken, EU_WEST).put("customer-1", PII);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode stored = JSON.readTree(put.body());
        String receiptId = stored.path("receiptId").asText();

        HttpResponse<String> fetched = app(open, openToken, EU_WEST).receipt(receiptId);
        assertThat(fetched.statusCode()).isEqualTo(200);
        JsonNode signed = JSON.readTree(fetched.body());
        JsonNode body = JSON.readTree(signed.path("body").asText());
        assertThat(body.path("seam").asText()).isEqualTo("WRITE");
        assertThat(body.path("allowed").asBoolean()).isTrue();
        assertThat(body.path("tenant").asText()).isEqualTo(open.slug());
        assertThat(body.path("regionOfProcessing").asText()).isEqualTo("eu-west");
        assertThat(body.path("regionsOfStorage").toString()).isEqualTo("[\"eu-west\"]");
        assertThat(body.path("decisionId").asText()).isEqualTo(stored.path("decisionId").asText());
        assertThat(body.path("payloadSha256").asText()).isEqualTo(stored.path("payloadSha256").asText());
        assertThat(body.path("bundleSha256").asText()).isEqualTo(policyBundles.current(PolicyChannel.STANDARD).sha256());
        assertThat(body.path("classification").asText()).isEqualTo("internal");

        Files.writeString(dir.resolve("receipt.json"), signed.path("body").asText());
        Files.write(dir.resolve("receipt.sig"), Base64.getDecoder().decode(signed.path("signature").asText()));
        Files.copy(DATA_DIR.resolve("agents/eu-west/pki/region-eu-west-signing.crt"), dir.resolve("region.crt"));
        Files.copy(DATA_DIR.resolve("pki/ca.crt"), dir.resolve("ca.crt"));
        assertThat(Shell.run(dir, "openssl", "verify", "-CAfile", "ca.crt", "region.crt").ok()).isTrue();
        assertThat(Shell.sh(dir, "openssl x509 -in region.crt -pubkey -noout > region.pub").ok()).isTrue();
        Shell.Result verified = Shell.run(dir, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "region.pub", "-rawin",
                "-in", "receipt.json", "-sigfile", "receipt.sig");
        assertThat(verified.ok()).as(verified.output()).isTrue();
        assertThat(verified.output()).contains("Signature Verified Successfully");

        byte[] tampered = Files.readAllBytes(dir.resolve("receipt.json"));
        int at = new String(tampered, StandardCharsets.UTF_8).indexOf("eu-west");
        tampered[at] = 'u'; // "uu-west": one byte
        Files.write(dir.resolve("receipt.json"), tampered);
        assertThat(Shell.run(dir, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "region.pub", "-rawin",
                "-in", "receipt.json", "-sigfile", "receipt.sig").ok()).isFalse();
    }

    /**
     * A tenant application keeps its HTTPS connection to the data port open; Tomcat's default would close it after 100
     * requests (and the next write would pay a new TLS handshake). 150 governed reads on one connection: every answer
     * arrives on it and none announces {@code Connection: close}.
     */
    @Test
    void a_tenant_applications_keep_alive_connection_is_not_closed_after_a_hundred_requests() throws Exception {
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) DataApi.trusting(DATA_DIR.resolve("pki/ca.crt"))
                .getSocketFactory().createSocket("localhost", DATA_PORTS.get(EU_WEST))) {
            socket.setSoTimeout(10_000);
            var in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
            var out = socket.getOutputStream();
            String request = "GET /data/v1/tenants/" + open.slug() + "/records/keep-alive-probe HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + openToken + "\r\nAccept: application/json\r\n\r\n";
            for (int i = 1; i <= 150; i++) {
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String status = httpLine(in);
                assertThat(status).as("answer %d on the same connection", i).startsWith("HTTP/1.1 404");
                int length = -1;
                for (String header = httpLine(in); !header.isEmpty(); header = httpLine(in)) {
                    String name = header.substring(0, header.indexOf(':')).trim();
                    String value = header.substring(header.indexOf(':') + 1).trim();
                    assertThat(name.equalsIgnoreCase("connection") && value.equalsIgnoreCase("close"))
                            .as("answer %d closes the connection", i).isFalse();
                    if (name.equalsIgnoreCase("content-length")) {
                        length = Integer.parseInt(value);
                    }
                }
                if (length >= 0) {
                    in.readFully(new byte[length]);
                } else { // chunked
                    for (int chunk = Integer.parseInt(httpLine(in).split(";")[0].trim(), 16); chunk > 0;
                         chunk = Integer.parseInt(httpLine(in).split(";")[0].trim(), 16)) {
                        in.readFully(new byte[chunk]);
                        httpLine(in);
                    }
                    httpLine(in);
                }
            }
        }
    }

    /**
     * Autovacuum's ANALYZE of the tables every governed write appends to stays cheap (agent migration V8): no statistics
     * for the wide columns no query filters on, a small sample for the rest — on the evidence tables, and on a tenant's
     * record table and search index, which are created after the migration ran.
     */
    @Test
    void the_tables_every_governed_write_appends_to_keep_small_planner_statistics() throws Exception {
        assertThat(app(open, openToken, EU_WEST).put("statistics-probe", PII).statusCode()).isEqualTo(200);
        try (var c = agentDatabase(EU_WEST.value()); var s = c.createStatement()) {
            String schema;
            try (var rs = s.executeQuery("select schema_name from tenant_namespace where slug = '" + open.slug() + "'")) {
                assertThat(rs.next()).as("eu-west has a namespace for %s", open.slug()).isTrue();
                schema = rs.getString(1);
            }
            Map<String, Integer> targets = new java.util.HashMap<>();
            try (var rs = s.executeQuery("select c.relname || '.' || a.attname, a.attstattarget from pg_attribute a "
                    + "join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace "
                    + "where a.attnum > 0 and not a.attisdropped and (n.nspname = '" + schema + "' and c.relname in ('record', 'search_index') "
                    + "or n.nspname = 'public' and c.relname in ('decision_log', 'receipt', 'replication_outbox'))")) {
                while (rs.next()) {
                    targets.put(rs.getString(1), rs.getInt(2));
                }
            }
            for (String wide : List.of("decision_log.context", "decision_log.rationale", "decision_log.hash", "receipt.body",
                    "receipt.signature", "replication_outbox.payload", "record.payload", "record.payload_sha256")) {
                assertThat(targets).as("statistics target of %s", wide).containsEntry(wide, 0);
            }
            for (String used : List.of("decision_log.decided_at", "decision_log.tenant_slug", "receipt.issued_at", "receipt.decision_id",
                    "record.record_key", "record.updated_at", "search_index.document")) {
                assertThat(targets).as("statistics target of %s", used).containsEntry(used, 10);
            }
        }
    }

    private static String httpLine(java.io.DataInputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new java.io.EOFException("The agent closed the connection after: " + line);
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Test
    void a_request_sent_to_another_region_is_answered_421_with_the_right_region_to_a_holder_of_the_tenants_token() throws Exception {
        HttpResponse<String> misdirected = app(open, openToken, EU_CENTRAL).put("customer-2", PII);
        assertThat(misdirected.statusCode()).as(misdirected.body()).isEqualTo(421);
        JsonNode problem = JSON.readTree(misdirected.body());
        assertThat(problem.path("correctRegion").asText()).isEqualTo("eu-west");
        assertThat(problem.path("dataUrl").asText()).isEqualTo("https://localhost:" + DATA_PORTS.get(EU_WEST));
        DecisionEvidence evidence = As.officer("compliance1", () -> residency.evidence("eu-central",
                java.util.UUID.fromString(problem.path("decisionId").asText())));
        assertThat(evidence.decision().allowed()).isFalse();
        assertThat(evidence.decision().seam()).isEqualTo("INGRESS");
        assertThat(evidence.decision().policies()).contains("ingress-not-resident");
        assertThat(evidence.receipt().receiptId()).isEqualTo(problem.path("receiptId").asText());
        assertThat(evidence.receiptVerified()).as(evidence.verification()).isTrue();
        // The same tenant's token is checked in a region that holds no copy of it (us-east): the directory's hashes.
        assertThat(app(open, openToken, US_EAST).put("customer-2", PII).statusCode()).isEqualTo(421);
        // Without a token, a region says nothing about where (or whether) a tenant lives: see security.DoorDisclosureIT.
        assertThat(app(open, null, EU_CENTRAL).put("customer-2", PII).statusCode()).isEqualTo(401);
        assertThat(new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_CENTRAL), "nobody-here", null).get("x").statusCode())
                .isEqualTo(401);
    }

    @Test
    void pii_and_restricted_exports_stay_in_the_zone_and_an_allowed_export_carries_classification_and_retention() throws Exception {
        DataApi app = app(open, openToken, EU_WEST);
        assertThat(app.put("contact-1", PII).statusCode()).isEqualTo(200);
        assertThat(app.put("note-1", "{\"classification\":\"internal\",\"retentionUntil\":\"2031-01-31\",\"data\":\"memo\"}").statusCode())
                .isEqualTo(200);

        HttpResponse<String> denied = app.post("exports", "{\"destination\":\"us-archive\",\"classification\":\"pii\"}");
        assertDenied(denied, "eu-west", Seam.EXPORT, "sensitive-export-stays-in-zone");

        HttpResponse<String> allowed = app.post("exports", "{\"destination\":\"us-archive\",\"classification\":\"internal\"}");
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(allowed.body());
        Path file = DATA_DIR.resolve("destinations/us-archive").resolve(open.slug()).resolve(result.path("transferId").asText() + ".json");
        JsonNode artifact = JSON.readTree(Files.readString(file));
        assertThat(artifact.path("classification").asText()).isEqualTo("internal");
        assertThat(artifact.path("retention").asText()).isNotBlank();
        assertThat(artifact.path("receiptId").asText()).isEqualTo(result.path("receiptId").asText());
        assertThat(artifact.path("records").size()).isEqualTo(1);

        // A residency-locked tenant exports nothing out of its zone, not even internal records.
        DataApi lockedApp = app(locked, lockedToken, EU_WEST);
        assertThat(lockedApp.put("note-1", "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"memo\"}").statusCode())
                .isEqualTo(200);
        assertDenied(lockedApp.post("exports", "{\"destination\":\"us-archive\",\"classification\":\"internal\"}"), "eu-west",
                Seam.EXPORT, "locked-export-stays-in-zone");
        assertThat(lockedApp.post("exports", "{\"destination\":\"eu-archive\",\"classification\":\"internal\"}").statusCode()).isEqualTo(200);
        assertThat(app.post("exports", "{\"destination\":\"mars-archive\",\"classification\":\"internal\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void analytics_cross_zones_only_as_aggregates_and_never_for_a_locked_tenant() throws Exception {
        DataApi app = app(open, openToken, EU_WEST);
        assertThat(app.put("contact-2", PII).statusCode()).isEqualTo(200);
        HttpResponse<String> aggregate = app.post("analytics", "{\"aggregate\":true,\"resultZone\":\"US\"}");
        assertThat(aggregate.statusCode()).as(aggregate.body()).isEqualTo(200);
        assertThat(JSON.readTree(aggregate.body()).path("countsByClassification").path("pii").asLong()).isPositive();
        assertDenied(app.post("analytics", "{\"aggregate\":false,\"resultZone\":\"US\"}"), "eu-west", Seam.ANALYTICS,
                "raw-analytics-stay-in-zone");
        assertThat(app.post("analytics", "{\"aggregate\":false,\"resultZone\":\"EU\"}").statusCode()).isEqualTo(200);
        assertDenied(app(locked, lockedToken, EU_WEST).post("analytics", "{\"aggregate\":true,\"resultZone\":\"US\"}"), "eu-west",
                Seam.ANALYTICS, "locked-analytics-stay-in-zone");
    }

    @Test
    void egress_of_pii_to_a_webhook_in_another_zone_is_denied_and_public_data_may_go() throws Exception {
        DataApi app = app(open, openToken, EU_WEST);
        assertThat(app.put("contact-3", PII).statusCode()).isEqualTo(200);
        assertThat(app.put("press-1", "{\"classification\":\"public\",\"retentionPolicy\":\"none\",\"data\":\"launch\"}").statusCode())
                .isEqualTo(200);
        assertDenied(app.post("egress", "{\"destination\":\"us-analytics-webhook\",\"keys\":[\"contact-3\"]}"), "eu-west", Seam.EGRESS,
                "sensitive-egress-stays-in-zone");
        HttpResponse<String> out = app.post("egress", "{\"destination\":\"us-analytics-webhook\",\"keys\":[\"press-1\"]}");
        assertThat(out.statusCode()).as(out.body()).isEqualTo(200);
        assertThat(app.post("egress", "{\"destination\":\"eu-crm-webhook\",\"keys\":[\"contact-3\"]}").statusCode()).isEqualTo(200);
    }

    @Test
    void a_region_that_is_no_longer_one_of_the_tenants_regions_refuses_writes() throws Exception {
        DirectoryEntry current = entry(open, "eu-west", "eu-central");
        DirectoryEntry moved = entry(open, "eu-central", "us-east");
        agents.client(EU_WEST).put(AgentPaths.directory(open.id().toString()), moved, Void.class);
        try {
            assertDenied(app(open, openToken, EU_WEST).put("customer-9", PII), "eu-west", Seam.WRITE, "write-outside-allowed-regions");
        } finally {
            agents.client(EU_WEST).put(AgentPaths.directory(open.id().toString()), current, Void.class);
        }
        assertThat(app(open, openToken, EU_WEST).put("customer-9", PII).statusCode()).isEqualTo(200);
    }

    @Test
    void evidence_is_never_staged_outside_the_tenants_zone() {
        assertThatThrownBy(() -> As.officer("compliance1", () -> bundles.start(abroad.slug(), Instant.now().minus(Duration.ofDays(1)),
                Instant.now())))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("Evidence is never staged in another zone");
        var denied = As.officer("compliance1", () -> residency.decisions(Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plusSeconds(1), false, abroad.slug(), 50)).decisions();
        assertThat(denied).anySatisfy(d -> {
            assertThat(d.region()).isEqualTo("us-east");
            assertThat(d.decision().seam()).isEqualTo("EVIDENCE");
            assertThat(d.decision().receiptId()).isNotNull();
        });
    }

    @Test
    void routing_answers_with_the_serving_region_and_redirects_without_touching_the_payload() throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> endpoint = http.send(get("/api/v1/tenants/" + open.slug() + "/endpoint", openToken),
                HttpResponse.BodyHandlers.ofString());
        assertThat(endpoint.statusCode()).as(endpoint.body()).isEqualTo(200);
        JsonNode route = JSON.readTree(endpoint.body());
        String expected = "https://localhost:" + DATA_PORTS.get(EU_WEST) + "/data/v1/tenants/" + open.slug();
        assertThat(route.path("endpoint").asText()).isEqualTo(expected);
        assertThat(route.path("region").asText()).isEqualTo("eu-west");
        DecisionEvidence evidence = As.officer("compliance1", () -> residency.evidence("control-plane",
                java.util.UUID.fromString(route.path("decisionId").asText())));
        assertThat(evidence.decision().allowed()).isTrue();
        assertThat(evidence.receiptVerified()).as(evidence.verification()).isTrue();

        HttpResponse<String> redirect = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/route/" + open.slug() + "/records/k-1?x=1"))
                .header("Authorization", "Bearer " + openToken).PUT(HttpRequest.BodyPublishers.ofString(PII)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(307);
        assertThat(redirect.headers().firstValue("Location")).hasValue(expected + "/records/k-1?x=1");

        assertThat(http.send(get("/api/v1/tenants/" + locked.slug() + "/endpoint", openToken), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404); // another tenant's token learns nothing
        assertThat(http.send(get("/api/v1/tenants/" + open.slug() + "/endpoint", null), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
        assertThat(http.send(get("/route/" + open.slug() + "/records/k-1", "cot_forged"), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
    }

    @Test
    void the_console_refuses_to_route_a_locked_tenant_out_of_its_zone_with_a_signed_receipt() throws Exception {
        db.update(TENANT).set(TENANT.ACTIVE_REGION, "us-east").where(TENANT.TENANT_ID.eq(locked.id())).execute();
        try {
            HttpResponse<String> denied = HttpClient.newHttpClient().send(get("/api/v1/tenants/" + locked.slug() + "/endpoint", lockedToken),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(denied.statusCode()).as(denied.body()).isEqualTo(403);
            JsonNode problem = JSON.readTree(denied.body());
            assertThat(problem.path("policies").toString()).contains("route-stays-in-zone");
            DecisionEvidence evidence = As.officer("compliance1", () -> residency.evidence("control-plane",
                    java.util.UUID.fromString(problem.path("decisionId").asText())));
            assertThat(evidence.decision().allowed()).isFalse();
            assertThat(evidence.decision().seam()).isEqualTo("ROUTING");
            assertThat(evidence.receipt().receiptId()).isEqualTo(problem.path("receiptId").asText());
            assertThat(evidence.receiptVerified()).as(evidence.verification()).isTrue();
            assertThat(TestTenants.entries(audit, "residency.route-denied", "tenant:" + locked.slug())).isNotEmpty();
        } finally {
            db.update(TENANT).set(TENANT.ACTIVE_REGION, "eu-west").where(TENANT.TENANT_ID.eq(locked.id())).execute();
        }
    }

    @Test
    void the_console_shows_decisions_by_seam_and_region_and_each_regions_decision_chain_is_intact() throws Exception {
        assertThat(app(open, openToken, EU_WEST).put("customer-4", PII).statusCode()).isEqualTo(200);
        assertThat(app(open, openToken, US_EAST).put("customer-4", PII).statusCode()).isEqualTo(421);
        assertThat(app(open, openToken, EU_CENTRAL).put("customer-4", PII).statusCode()).isEqualTo(421);
        Instant from = Instant.now().minus(Duration.ofHours(1));
        ResidencyOverview overview = As.user("exec", Role.EXECUTIVE, () -> residency.overview(from, Instant.now().plusSeconds(1), open.slug()));
        assertThat(overview.unavailable()).isEmpty();
        assertThat(overview.byRegion().get("eu-west")).anySatisfy(b -> {
            assertThat(b.seam()).isEqualTo("WRITE");
            assertThat(b.allowed()).isTrue();
        });
        assertThat(overview.byRegion().get("us-east")).anySatisfy(b -> {
            assertThat(b.seam()).isEqualTo("INGRESS");
            assertThat(b.allowed()).isFalse();
        });
        // A customer sees their own tenant only, and nothing about another.
        assertThat(As.customer(open, () -> residency.overview(from, Instant.now(), null)).tenant()).isEqualTo(open.slug());
        assertThatThrownBy(() -> As.customer(open, () -> residency.overview(from, Instant.now(), locked.slug())))
                .isInstanceOf(NotFoundException.class);

        for (String region : new String[]{"eu-west", "eu-central", "us-east"}) {
            ChainCheck chain = awaitSealed(region);
            assertThat(chain.intact()).as(chain.problem()).isTrue();
            assertThat(chain.sealed()).isPositive();
        }
    }

    @Test
    void a_write_after_another_process_extended_the_decision_chain_is_sealed_onto_the_new_head() throws Exception {
        // The governed writer keeps the chain's head from batch to batch and checks it in the transaction. Here another
        // process sharing eu-west's database (a second agent replica) seals a decision onto the chain meanwhile: the
        // next write must notice, commit all the same, and leave the chain intact.
        // The writer's own seal passes (every 200 ms, when other seams left decisions unsealed) read the head afresh and
        // would pick the foreign link up quietly, so it is added right after a write, a few times, until the writer has
        // met it on its one-round-trip path and fallen back.
        Path agentLog = DATA_DIR.resolve("agents/eu-west/agent.log");
        String moved = "The decision chain moved under the governed writer";
        int before = Files.readString(agentLog).split(moved, -1).length;
        java.util.UUID foreign = null;
        java.util.UUID decision = null;
        try (java.sql.Connection c = agentDatabase("eu-west")) {
            for (int attempt = 0; attempt < 10 && Files.readString(agentLog).split(moved, -1).length == before; attempt++) {
                assertThat(app(open, openToken, EU_WEST).put("chain-a" + attempt, PII).statusCode()).isEqualTo(200);
                foreign = sealForeignDecision(c);
                HttpResponse<String> after = app(open, openToken, EU_WEST).put("chain-b" + attempt, PII);
                assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
                decision = java.util.UUID.fromString(JSON.readTree(after.body()).path("decisionId").asText());
            }
            assertThat(Files.readString(agentLog).split(moved, -1).length).as("the writer met a moved chain").isGreaterThan(before);
            try (var q = c.prepareStatement("select (select seq from decision_log where decision_id = ?), "
                    + "(select seq from decision_log where decision_id = ?)")) {
                q.setObject(1, foreign);
                q.setObject(2, decision);
                try (var rs = q.executeQuery()) {
                    rs.next();
                    assertThat(rs.getLong(2)).as("the write's decision is sealed after the other process's").isGreaterThan(rs.getLong(1));
                }
            }
            // The writer takes the sealing lock and checks the head in one statement; the check sees a head moved while it
            // waited for the lock only because the function is VOLATILE (a fresh snapshot per query inside it).
            try (var s = c.createStatement(); var rs = s.executeQuery("select provolatile from pg_proc where proname = 'decision_chain_expect'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("decision_chain_expect is VOLATILE").isEqualTo("v");
            }
        }
        ChainCheck chain = awaitSealed("eu-west");
        assertThat(chain.intact()).as(chain.problem()).isTrue();
    }

    /** What another agent process does to the chain: under the sealing lock, one decision sealed onto the head. */
    private static java.util.UUID sealForeignDecision(java.sql.Connection c) throws Exception {
        java.util.UUID id = java.util.UUID.randomUUID();
        c.setAutoCommit(false);
        try (var s = c.createStatement()) {
            s.execute("select pg_advisory_xact_lock(" + com.companyos.agent.decisions.DecisionSealer.SEAL_LOCK + ")");
            long seq = 0;
            String prev = com.companyos.agent.decisions.DecisionSealer.GENESIS;
            try (var rs = s.executeQuery("select seq, hash from decision_log where seq is not null order by seq desc limit 1")) {
                if (rs.next()) {
                    seq = rs.getLong(1);
                    prev = rs.getString(2);
                }
            }
            var row = new com.companyos.agent.db.tables.records.DecisionLogRecord(id,
                    java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS), null,
                    "another-replica", "INGRESS", "ingress", "Agent::\"eu-west-2\"", "Tenant::\"another-replica\"", "{}", false,
                    "deny-by-default", "a decision of another agent process", "standard", "1", "0".repeat(64), seq + 1, prev, null);
            row.setHash(com.companyos.agent.decisions.DecisionSealer.hash(prev, seq + 1, row));
            try (var insert = c.prepareStatement("insert into decision_log (decision_id, decided_at, tenant_slug, seam, action, "
                    + "principal, resource, context, allowed, determining_policies, rationale, channel, bundle_version, bundle_sha256, "
                    + "seq, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Object[] values = {row.getDecisionId(), row.getDecidedAt(), row.getTenantSlug(), row.getSeam(), row.getAction(),
                        row.getPrincipal(), row.getResource(), row.getContext(), row.getAllowed(), row.getDeterminingPolicies(),
                        row.getRationale(), row.getChannel(), row.getBundleVersion(), row.getBundleSha256(), row.getSeq(),
                        row.getPrevHash(), row.getHash()};
                for (int i = 0; i < values.length; i++) {
                    insert.setObject(i + 1, values[i]);
                }
                insert.executeUpdate();
            }
        }
        c.commit();
        return id;
    }

    /** A connection to a region agent's own PostgreSQL (its port is line 4 of postmaster.pid). */
    private static java.sql.Connection agentDatabase(String region) throws Exception {
        Path pid = DATA_DIR.resolve("agents").resolve(region).resolve("postgres").resolve("postmaster.pid");
        int port = Integer.parseInt(Files.readAllLines(pid).get(3).trim());
        return java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/companyos_agent", "postgres", "postgres");
    }

    private ChainCheck awaitSealed(String region) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        ChainCheck c;
        do {
            c = As.officer("compliance1", () -> residency.verifyChain(region));
            if (c.unsealed() == 0) {
                return c;
            }
            sleep(200);
        } while (Instant.now().isBefore(deadline));
        return c;
    }

    private void assertDenied(HttpResponse<String> response, String region, Seam seam, String policy) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("policies").toString()).contains(policy);
        DecisionEvidence evidence = As.officer("compliance1", () -> residency.evidence(region,
                java.util.UUID.fromString(problem.path("decisionId").asText())));
        assertThat(evidence.decision().allowed()).isFalse();
        assertThat(evidence.decision().seam()).isEqualTo(seam.name());
        assertThat(evidence.decision().rationale()).isNotBlank();
        assertThat(evidence.receipt().receiptId()).isEqualTo(problem.path("receiptId").asText());
        assertThat(evidence.receiptVerified()).as(evidence.verification()).isTrue();
    }

    private HttpRequest get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET();
        return token == null ? b.build() : b.header("Authorization", "Bearer " + token).build();
    }

    private static DirectoryEntry entry(Tenant t, String primary, String failover) {
        return new DirectoryEntry(t.id().toString(), t.slug(), "EU", false, "standard", primary, failover, primary,
                "https://localhost:" + DATA_PORTS.get(com.companyos.base.RegionId.of(primary)), t.epoch(), failover,
                "https://localhost:" + AGENT_PORTS.get(com.companyos.base.RegionId.of(failover)), "ASYNC", false, "READ", null, null);
    }
}
