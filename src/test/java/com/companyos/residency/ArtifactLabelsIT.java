package com.companyos.residency;

import com.companyos.agentapi.control.ProofBundleJob;
import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalStatus;
import com.companyos.audit.AuditQuery;
import com.companyos.audit.AuditService;
import com.companyos.base.ArtifactType;
import com.companyos.base.Json;
import com.companyos.base.Role;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every artifact type the product writes ({@link ArtifactType}) is produced here through its real code path and must
 * carry a classification and a retention. The switch is exhaustive: a new artifact type does not compile until it
 * has its check here.
 */
class ArtifactLabelsIT extends ConsoleIT {

    private static final String PUBLIC = "{\"classification\":\"public\",\"retentionPolicy\":\"none\",\"data\":\"launch\"}";
    private static final String INTERNAL = "{\"classification\":\"internal\",\"retentionUntil\":\"2031-01-31\",\"data\":\"memo\"}";

    @Autowired
    TenantService tenants;
    @Autowired
    ApprovalService approvals;
    @Autowired
    AuditService audit;
    @Autowired
    ResidencyService residency;
    @Autowired
    ProofBundleService proofBundles;
    @Autowired
    com.companyos.dr.DrillService drills;
    @Autowired
    com.companyos.trustreports.TrustReportService trustReports;

    /** A Trust Report generated and downloaded by a compliance officer: the JSON attached to the signed PDF. */
    private JsonNode trustReport(Tenant tenant, Path dir) throws Exception {
        Instant hour = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        var report = As.officer("compliance1", () -> trustReports.generate(tenant.slug(), hour, hour.plus(Duration.ofHours(1))));
        assertThat(report.classification()).isEqualTo(ArtifactType.TRUST_REPORT.classification());
        Path pdfDir = Files.createDirectories(dir.resolve("trust-report"));
        Files.write(pdfDir.resolve("report.pdf"), As.officer("compliance1", () -> trustReports.download(report.id())).pdf());
        assertThat(com.companyos.support.Shell.run(pdfDir, "pdfdetach", "-saveall", "report.pdf").ok()).isTrue();
        return Json.mapper().readTree(pdfDir.resolve("trust-report.json").toFile());
    }

    /** A real drill (without fail-back) of a tenant that may write during failover; its signed report's facts. */
    private JsonNode drillReport() throws Exception {
        String slug = TestTenants.slug("labels-drill");
        Tenant t = TestTenants.createUnlocked(tenants, new com.companyos.tenants.TenantRequest("Tenant " + slug, slug,
                java.util.List.of(new com.companyos.tenants.Contact("Dana Privacy", "dana@" + slug + ".example", "DPO")), "EU", false,
                "eu-west", "eu-central", java.util.List.of("READ", "WRITE"), "internal", "none", false, "labels drill"));
        com.companyos.dr.Drill d = As.operator(() -> drills.request(t.slug(), false, "labels"));
        TestTenants.approveTwice(approvals, d.approvalRequestId());
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(180);
        while (java.time.Instant.now().isBefore(deadline) && !As.operator(() -> drills.find(d.id())).orElseThrow().finished()) {
            sleep(500);
        }
        return Json.mapper().readTree(As.operator(() -> drills.reportJson(d.id())).orElseThrow());
    }

    @Test
    void every_artifact_type_carries_classification_and_retention(@TempDir Path dir) throws Exception {
        awaitAllRegionsHealthy();
        Tenant tenant = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("labels"), false, "eu-west", "eu-central", null));
        String token = As.operator(() -> tenants.issueToken(tenant.slug(), "labels-app")).token();
        DataApi app = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), tenant.slug(), token);
        assertThat(app.put("note-1", INTERNAL).statusCode()).isEqualTo(200);
        assertThat(app.put("press-1", PUBLIC).statusCode()).isEqualTo(200);

        Map<ArtifactType, JsonNode> produced = new EnumMap<>(ArtifactType.class);
        for (ArtifactType type : ArtifactType.values()) {
            JsonNode labels = switch (type) {
                case RECORD -> json(ok(app.get("note-1")));
                case EXPORT -> delivered("us-archive", tenant,
                        json(ok(app.post("exports", "{\"destination\":\"us-archive\",\"classification\":\"internal\"}"))));
                case EGRESS_MESSAGE -> delivered("us-analytics-webhook", tenant,
                        json(ok(app.post("egress", "{\"destination\":\"us-analytics-webhook\",\"keys\":[\"press-1\"]}"))));
                case ANALYTICS_RESULT -> json(ok(app.post("analytics", "{\"aggregate\":true,\"resultZone\":\"US\"}")));
                case RECEIPT -> {
                    String receiptId = json(ok(app.put("note-2", INTERNAL))).path("receiptId").asText();
                    yield Json.mapper().readTree(json(ok(app.receipt(receiptId))).path("body").asText());
                }
                case DECISION_RECORD -> {
                    String decisionId = json(ok(app.put("note-3", INTERNAL))).path("decisionId").asText();
                    DecisionEvidence evidence = As.officer("compliance1", () -> residency.evidence("eu-west", UUID.fromString(decisionId)));
                    yield Json.mapper().valueToTree(evidence.decision());
                }
                case PROOF_BUNDLE -> proofBundleStatement(tenant, dir).path("predicate");
                case TENANT_MANIFEST -> yaml(As.operator(() -> tenants.manifest(tenant.slug())));
                case DELETION_CERTIFICATE -> Json.mapper().readTree(deletionCertificate());
                case AUDIT_EXPORT -> csv(auditCsv());
                case DR_DRILL_REPORT -> drillReport();
                case TRUST_REPORT -> trustReport(tenant, dir);
            };
            produced.put(type, labels);
        }

        assertThat(produced).hasSize(ArtifactType.values().length);
        produced.forEach((type, labels) -> {
            assertThat(labels.path("classification").asText()).as(type + " classification in " + labels)
                    .isIn("public", "internal", "restricted", "pii");
            String retention = labels.hasNonNull("retention") ? labels.path("retention").asText()
                    : labels.path("retentionUntil").asText(labels.path("retentionPolicy").asText());
            assertThat(retention).as(type + " retention in " + labels).isNotBlank();
            if (!type.labelledByOwner()) {
                assertThat(labels.path("classification").asText()).as(type.name()).isEqualTo(type.classification());
                assertThat(retention).as(type.name()).isEqualTo(type.retention());
            }
        });
        // Owner-labelled artifacts carry the owner's labels: the export of internal records is internal, kept as long as they are.
        assertThat(produced.get(ArtifactType.EXPORT).path("classification").asText()).isEqualTo("internal");
        assertThat(produced.get(ArtifactType.EXPORT).path("retention").asText()).isEqualTo("2031-01-31");
        assertThat(produced.get(ArtifactType.EGRESS_MESSAGE).path("classification").asText()).isEqualTo("public");
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body());
    }

    /** The file the destination received, checked against what the agent said it sent. */
    private static JsonNode delivered(String destination, Tenant tenant, JsonNode result) throws Exception {
        Path file = DATA_DIR.resolve("destinations").resolve(destination).resolve(tenant.slug())
                .resolve(result.path("transferId").asText() + ".json");
        JsonNode artifact = Json.mapper().readTree(Files.readString(file));
        assertThat(artifact.path("classification").asText()).isEqualTo(result.path("classification").asText());
        return artifact;
    }

    private JsonNode proofBundleStatement(Tenant tenant, Path dir) throws Exception {
        ProofBundleJob job = As.officer("compliance1", () -> proofBundles.start(tenant.slug(), Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofMinutes(1))));
        ProofBundleJob ready = ProofBundleIT.awaitReady(job, () -> As.officer("compliance1", () -> proofBundles.job(tenant.slug(), job.jobId())));
        byte[] zip = As.officer("compliance1", () -> ProofBundleIT.download(proofBundles, tenant.slug(), ready.jobId()));
        Path root = ProofBundleIT.unzip(zip, dir).resolve(tenant.slug() + "-residency-proof");
        JsonNode summary = Json.mapper().readTree(root.resolve("decisions/summary.json").toFile());
        assertThat(summary.path("classification").asText()).isEqualTo(ArtifactType.PROOF_BUNDLE.classification());
        return Json.mapper().readTree(root.resolve("statement.intoto.json").toFile());
    }

    private String deletionCertificate() {
        Tenant doomed = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("labels-gone"), false, "eu-west", "eu-central", null));
        UUID teardown = As.operator(() -> tenants.requestTeardown(doomed.slug(), "label check"));
        TestTenants.approveTwice(approvals, teardown);
        assertThat(TestTenants.awaitFinal(approvals, teardown).status()).isEqualTo(ApprovalStatus.EXECUTED);
        return As.operator(() -> tenants.deletionCertificate(doomed.slug())).orElseThrow();
    }

    private String auditCsv() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        As.user("auditor", Role.PLATFORM_ADMIN, () -> {
            try {
                return audit.exportCsv(AuditQuery.all(), out);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Top-level {@code key: "value"} lines of a YAML document. */
    private static JsonNode yaml(String yaml) {
        var node = Json.mapper().createObjectNode();
        for (String line : yaml.split("\n")) {
            if (!line.startsWith(" ") && line.contains(": ")) {
                node.put(line.substring(0, line.indexOf(": ")), line.substring(line.indexOf(": ") + 2).replace("\"", "").trim());
            }
        }
        return node;
    }

    /** The first data row of a CSV export, by header name (the test's rows have no embedded newlines in these columns). */
    private static JsonNode csv(String csv) {
        String[] lines = csv.split("\r\n");
        String[] header = lines[0].split(",");
        String[] first = lines[1].split(",");
        var node = Json.mapper().createObjectNode();
        node.put(header[header.length - 2], first[first.length - 2]);
        node.put(header[header.length - 1], first[first.length - 1]);
        return node;
    }
}
