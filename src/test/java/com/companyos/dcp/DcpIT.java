package com.companyos.dcp;

import com.companyos.agentapi.AgentPaths;
import com.companyos.approvals.ApprovalRequest;
import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalStatus;
import com.companyos.audit.AuditService;
import com.companyos.pki.Fingerprints;
import com.companyos.pki.IdentityFiles;
import com.companyos.pki.Pem;
import com.companyos.pki.SigningKey;
import com.companyos.pki.SpiffeId;
import com.companyos.pki.TlsClients;
import com.companyos.pki.TlsIdentity;
import com.companyos.residency.Route;
import com.companyos.residency.RoutingService;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Dedicated Compliance Partitions on the real stack: requested by an operator, approved by two compliance officers
 * bound to the plan's hash, provisioned as two more agent processes (eu-west and its eu-central standby) with their own
 * embedded PostgreSQL, identity and signing key. Then the isolation is tried as an attacker would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DcpIT extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORD = "{\"classification\":\"restricted\",\"retentionPolicy\":\"none\",\"data\":\"dcp\"}";

    @Autowired
    TenantService tenants;
    @Autowired
    ApprovalService approvals;
    @Autowired
    DcpService dcps;
    @Autowired
    RoutingService routing;
    @Autowired
    AuditService audit;
    @Autowired
    DSLContext db;

    static Tenant tenant;
    static String token;
    static Dcp active;
    static Tenant neighbour;
    static String neighbourToken;

    static DataApi api(int port, String slug, String token) {
        return new DataApi(DATA_DIR.resolve("pki/ca.crt"), port, slug, token);
    }

    static int port(String url) {
        return URI.create(url).getPort();
    }

    Dcp awaitState(String slug, DcpState state) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        Dcp last = null;
        while (Instant.now().isBefore(deadline)) {
            last = As.operator(() -> dcps.get(slug));
            if (last.state() == state) {
                return last;
            }
            if (last.state() == DcpState.FAILED) {
                throw new AssertionError("DCP provisioning failed: " + last.lastError() + "; steps " + last.steps());
            }
            sleep(500);
        }
        throw new AssertionError("DCP of " + slug + " did not become " + state + "; last " + last);
    }

    @Test
    @Order(1)
    void an_operator_requests_a_dcp_two_officers_approve_its_plan_and_it_is_provisioned_step_by_step() {
        awaitAllRegionsHealthy();
        tenant = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("dcp"), false, "eu-west", "eu-central", "dcp test"));
        token = As.operator(() -> tenants.issueToken(tenant.slug(), "app")).token();
        neighbour = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("shared"), false, "eu-west", "eu-central", "x"));
        neighbourToken = As.operator(() -> tenants.issueToken(neighbour.slug(), "app")).token();

        assertThatThrownBy(() -> As.operator(() -> dcps.request(tenant.slug(), " "))).hasMessageContaining("reason is required");
        Dcp requested = As.operator(() -> dcps.request(tenant.slug(), "customer contract requires dedicated infrastructure"));
        assertThat(requested.state()).isEqualTo(DcpState.AWAITING_APPROVAL);
        assertThat(requested.plan().regions()).containsExactly("eu-west", "eu-central");
        assertThat(requested.planSha256()).isEqualTo(requested.plan().sha256()).hasSize(64);
        // The same request again is the same request.
        assertThat(As.operator(() -> dcps.request(tenant.slug(), "customer contract requires dedicated infrastructure")).approvalRequestId())
                .isEqualTo(requested.approvalRequestId());
        ApprovalRequest pending = As.operator(() -> approvals.find(requested.approvalRequestId())).orElseThrow();
        assertThat(pending.preview()).contains(requested.planSha256()).contains("eu-central");

        TestTenants.approveTwice(approvals, requested.approvalRequestId());
        assertThat(TestTenants.awaitFinal(approvals, requested.approvalRequestId()).status()).isEqualTo(ApprovalStatus.EXECUTED);
        active = awaitState(tenant.slug(), DcpState.ACTIVE);

        assertThat(active.approvedBy()).containsExactlyInAnyOrder("compliance1", "compliance2");
        assertThat(active.steps()).extracting(Dcp.Step::step).contains("key-issued", "pool-started", "storage-created", "data-moved",
                "routing-switched", "standby-in-sync");
        assertThat(active.steps()).allSatisfy(s -> assertThat(s.state()).isEqualTo("DONE"));
        assertThat(active.endpoints()).extracting(Dcp.Endpoint::region).containsExactlyInAnyOrder("eu-west", "eu-central");
        assertThat(active.keyFingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(TestTenants.entries(audit, "dcp.active", "tenant:" + tenant.slug())).hasSize(1);
        assertThat(TestTenants.entries(audit, "dcp.step-done", "tenant:" + tenant.slug())).hasSizeGreaterThanOrEqualTo(8);
    }

    @Test
    @Order(2)
    void routing_names_the_partition_and_the_shared_agent_answers_421_naming_it() throws Exception {
        String dcpData = active.endpoint("eu-west").orElseThrow().dataUrl();
        Route route = routing.route(tenant.slug(), token);
        assertThat(route.endpoint()).startsWith(dcpData + "/data/v1/tenants/" + tenant.slug());

        HttpResponse<String> shared = api(DATA_PORTS.get(EU_WEST), tenant.slug(), token).put("k1", RECORD);
        assertThat(shared.statusCode()).as(shared.body()).isEqualTo(421);
        JsonNode body = JSON.readTree(shared.body());
        assertThat(body.path("dataUrl").asText()).isEqualTo(dcpData);
        assertThat(body.path("detail").asText()).contains("Dedicated Compliance Partition");
        assertThat(body.path("receiptId").asText()).isNotBlank(); // the denial is recorded with a receipt
    }

    @Test
    @Order(3)
    void writes_land_in_the_partition_and_its_receipts_verify_with_its_own_key_not_the_regions(@TempDir Path dir) throws Exception {
        DataApi dcp = api(port(active.endpoint("eu-west").orElseThrow().dataUrl()), tenant.slug(), token);
        HttpResponse<String> put = dcp.put("k1", RECORD);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        String receiptId = JSON.readTree(put.body()).path("receiptId").asText();
        JsonNode signed = JSON.readTree(dcp.receipt(receiptId).body());
        JsonNode receipt = JSON.readTree(signed.path("body").asText());
        assertThat(receipt.path("regionOfProcessing").asText()).isEqualTo("eu-west");

        Path dcpKeys = DATA_DIR.resolve("dcp").resolve(tenant.slug()).resolve("keys");
        X509Certificate dcpCert = Pem.readCertificates(dcpKeys.resolve("dcp-" + tenant.slug() + "-signing.crt")).get(0);
        X509Certificate regionCert = Pem.readCertificates(DATA_DIR.resolve("agents/eu-west/pki/region-eu-west-signing.crt")).get(0);
        assertThat(Fingerprints.sha256(dcpCert)).isEqualTo(active.keyFingerprint());
        assertThat(SpiffeId.of(dcpCert)).contains(SpiffeId.dcpSigning(tenant.slug()));
        byte[] data = signed.path("body").asText().getBytes(StandardCharsets.UTF_8);
        byte[] sig = Base64.getDecoder().decode(signed.path("signature").asText());
        assertThat(SigningKey.verify(dcpCert.getPublicKey(), data, sig)).isTrue();
        assertThat(SigningKey.verify(regionCert.getPublicKey(), data, sig)).isFalse();
        // The DCP's signing certificate is no TLS certificate.
        assertThat(dcpCert.getExtendedKeyUsage()).isNull();

        // The standby partition in eu-central receives it.
        DataApi standby = api(port(active.endpoint("eu-central").orElseThrow().dataUrl()), tenant.slug(), token);
        assertThat(standby.get("k1").statusCode()).isEqualTo(421); // served by the active partition, not the standby
    }

    @Test
    @Order(4)
    void the_partition_refuses_every_other_tenant_and_token() throws Exception {
        int dcpPort = port(active.endpoint("eu-west").orElseThrow().dataUrl());
        // Another tenant's valid token, for that tenant or for the DCP tenant: nothing of either is known here.
        assertThat(api(dcpPort, neighbour.slug(), neighbourToken).put("x", RECORD).statusCode()).isEqualTo(401);
        assertThat(api(dcpPort, tenant.slug(), neighbourToken).put("x", RECORD).statusCode()).isEqualTo(401);
        assertThat(api(dcpPort, tenant.slug(), "cot_forged").put("x", RECORD).statusCode()).isEqualTo(401);
        // The neighbour still lives in the shared agent.
        assertThat(api(DATA_PORTS.get(EU_WEST), neighbour.slug(), neighbourToken).put("x", RECORD).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void the_shared_agents_identity_and_database_credentials_do_not_open_the_partition() throws Exception {
        // A shared region agent's certificate is refused by the partition's control API (pools never mix).
        TlsIdentity sharedAgent = TlsIdentity.load(IdentityFiles.in(DATA_DIR.resolve("agents/eu-west/pki"), "region-eu-west"));
        URI control = URI.create(active.endpoint("eu-west").orElseThrow().agentUrl());
        HttpClient asShared = TlsClients.mutual(sharedAgent, SpiffeId.dcp(EU_WEST, tenant.slug()), Duration.ofSeconds(5));
        HttpResponse<String> refused = asShared.send(HttpRequest.newBuilder(control.resolve(AgentPaths.HEALTH)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);

        // Its PostgreSQL: its own cluster, which the shared agents' credentials (postgres/postgres, or none) do not open.
        Path pg = DATA_DIR.resolve("dcp").resolve(tenant.slug()).resolve("eu-west").resolve("postgres");
        int pgPort = Integer.parseInt(Files.readAllLines(pg.resolve("postmaster.pid")).get(3).trim());
        assertThat(pgPort).isNotIn(List.of(0));
        String url = "jdbc:postgresql://localhost:" + pgPort + "/companyos_agent";
        for (String password : new String[]{"postgres", ""}) {
            Properties p = new Properties();
            p.setProperty("user", "postgres");
            p.setProperty("password", password);
            assertThatThrownBy(() -> DriverManager.getConnection(url, p).close()).isInstanceOf(SQLException.class)
                    .message().containsAnyOf("password authentication failed", "requested SCRAM-based authentication");
        }
        Properties own = new Properties();
        own.setProperty("user", "postgres");
        own.setProperty("password", Files.readString(pg.resolveSibling("db-password")).trim());
        try (var c = DriverManager.getConnection(url, own); var rs = c.createStatement().executeQuery(
                "select count(*) from tenant_namespace where slug <> '" + tenant.slug() + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero(); // no other tenant's namespace in the partition's database
        }
        // And the shared agent no longer holds the tenant's namespace.
        Path sharedPg = DATA_DIR.resolve("agents/eu-west/postgres");
        int sharedPort = Integer.parseInt(Files.readAllLines(sharedPg.resolve("postmaster.pid")).get(3).trim());
        try (var c = DriverManager.getConnection("jdbc:postgresql://localhost:" + sharedPort + "/companyos_agent", "postgres", "postgres");
             var rs = c.createStatement().executeQuery("select count(*) from tenant_namespace where tenant_id = '" + tenant.id() + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    @Order(6)
    void the_co_signed_dcp_record_verifies_with_openssl_and_fails_after_one_changed_byte(@TempDir Path dir) throws Exception {
        byte[] zip = As.operator(() -> dcps.recordBundle(tenant.slug()));
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Files.write(dir.resolve(e.getName()), in.readAllBytes());
            }
        }
        assertThat(Files.readString(dir.resolve("VERIFY.md"))).contains("openssl pkeyutl -verify");
        JsonNode statement = JSON.readTree(Files.readString(dir.resolve("statement.json")));
        assertThat(statement.path("subject").get(0).path("digest").path("sha256").asText()).isEqualTo(active.planSha256());
        JsonNode envelope = JSON.readTree(Files.readString(dir.resolve("record.dsse.json")));
        assertThat(envelope.path("signatures")).hasSize(3); // the platform and both approvers
        assertThat(Shell.sh(dir, "t=application/vnd.in-toto+json; { printf 'DSSEv1 %d %s %d ' ${#t} \"$t\" \"$(wc -c < statement.json)\"; "
                + "cat statement.json; } | cmp - statement.pae").ok()).isTrue();
        for (int i = 1; i <= 3; i++) {
            String n = "signature-" + i;
            assertThat(Shell.run(dir, "openssl", "verify", "-CAfile", "ca.crt", n + ".crt").ok()).isTrue();
            assertThat(Shell.sh(dir, "openssl x509 -in " + n + ".crt -pubkey -noout > " + n + ".pub").ok()).isTrue();
            Shell.Result ok = Shell.run(dir, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", n + ".pub", "-rawin", "-in", "statement.pae",
                    "-sigfile", n + ".sig");
            assertThat(ok.ok()).as(ok.output()).isTrue();
        }
        assertThat(Shell.sh(dir, "openssl x509 -in signature-2.crt -noout -ext subjectAltName").output())
                .containsAnyOf("spiffe://companyos/person/compliance1", "spiffe://companyos/person/compliance2");
        byte[] pae = Files.readAllBytes(dir.resolve("statement.pae"));
        pae[pae.length - 3] ^= 1;
        Files.write(dir.resolve("statement.pae"), pae);
        assertThat(Shell.run(dir, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "signature-1.pub", "-rawin", "-in", "statement.pae",
                "-sigfile", "signature-1.sig").ok()).isFalse();
    }

    @Test
    @Order(7)
    void approvals_of_a_plan_that_changed_are_void() {
        Tenant other = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("dcpv"), false, "eu-west", "eu-central", "x"));
        Dcp requested = As.operator(() -> dcps.request(other.slug(), "needs isolation"));
        // The plan of record changes after the request was filed (as a changed pool size or region would).
        db.execute("update dcp set plan_sha256 = ? where tenant_id = ?", "0".repeat(64), other.id());
        TestTenants.approveTwice(approvals, requested.approvalRequestId());
        ApprovalRequest done = TestTenants.awaitFinal(approvals, requested.approvalRequestId());
        assertThat(done.status()).isEqualTo(ApprovalStatus.FAILED);
        assertThat(done.executionError()).contains("approvals are void");
        assertThat(As.operator(() -> dcps.get(other.slug())).state()).isEqualTo(DcpState.AWAITING_APPROVAL);
        assertThat(TestTenants.entries(audit, "dcp.approval-void", "tenant:" + other.slug())).isNotEmpty();
    }

    @Test
    @Order(8)
    void a_tenant_with_records_or_an_out_of_zone_standby_is_refused_with_a_reason() throws Exception {
        assertThat(api(DATA_PORTS.get(EU_WEST), neighbour.slug(), neighbourToken).put("y", RECORD).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> As.operator(() -> dcps.request(neighbour.slug(), "why not")))
                .hasMessageContaining("governed record(s)");
        Tenant crossZone = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("dcpz"), false, "eu-west", "us-east", "x", "EU"));
        assertThatThrownBy(() -> As.operator(() -> dcps.request(crossZone.slug(), "why not")))
                .hasMessageContaining("only inside its zone");
        // Customers and executives cannot request one.
        assertThatThrownBy(() -> As.user("exec", com.companyos.base.Role.EXECUTIVE, () -> dcps.request(crossZone.slug(), "x")))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
    }

    @Test
    @Order(9)
    void teardown_removes_the_partitions_pools_storage_and_key_and_lists_them_in_the_deletion_certificate() throws Exception {
        Path folder = DATA_DIR.resolve("dcp").resolve(tenant.slug());
        assertThat(folder.resolve("eu-west/postgres")).isDirectory();
        java.util.UUID teardown = As.operator(() -> tenants.requestTeardown(tenant.slug(), "contract ended"));
        TestTenants.approveTwice(approvals, teardown);
        ApprovalRequest done = TestTenants.awaitFinal(approvals, teardown);
        assertThat(done.status()).as(done.executionError()).isEqualTo(ApprovalStatus.EXECUTED);
        String certificate = As.operator(() -> tenants.deletionCertificate(tenant.slug())).orElseThrow();
        assertThat(certificate).contains("compute pool eu-west/dcp/" + tenant.slug()).contains("compute pool eu-central/dcp/" + tenant.slug())
                .contains("embedded PostgreSQL cluster").contains("signing key");
        assertThat(folder.resolve("eu-west")).doesNotExist();
        assertThat(folder.resolve("keys")).doesNotExist();
        assertThat(As.operator(() -> dcps.find(tenant.slug()))).isEmpty();
        assertThat(TestTenants.entries(audit, "dcp.deleted", "tenant:" + tenant.slug())).hasSize(1);
    }

    @Test
    @Order(10)
    void a_tenant_created_with_the_dcp_option_gets_its_partition_requested_for_its_own_approvals() {
        String slug = TestTenants.slug("dcpnew");
        com.companyos.tenants.TenantRequest r = TestTenants.request(slug, true, "eu-west", "eu-central", "new EU customer with DCP");
        com.companyos.tenants.TenantRequest withDcp = new com.companyos.tenants.TenantRequest(r.name(), r.slug(), r.contacts(), r.residencyZone(),
                r.residencyLocked(), r.primaryRegion(), r.failoverRegion(), r.failoverAllowedOperations(), r.defaultClassification(),
                r.retentionPolicy(), true, r.reason());
        Tenant created = TestTenants.createLocked(tenants, approvals, withDcp);
        Dcp requested = As.operator(() -> dcps.get(created.slug()));
        assertThat(requested.state()).isEqualTo(DcpState.AWAITING_APPROVAL);
        assertThat(requested.requestedBy()).isEqualTo("system:dcp");
        assertThat(requested.reason()).contains("operator");
        ApprovalRequest pending = As.operator(() -> approvals.find(requested.approvalRequestId())).orElseThrow();
        assertThat(pending.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(pending.subject()).isEqualTo("dcp:" + created.slug());
    }
}
