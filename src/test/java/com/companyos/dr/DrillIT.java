package com.companyos.dr;

import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalStatus;
import com.companyos.pki.Dsse;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.Shell;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A DR drill end to end on the embedded default: approved by two officers, it writes through the real data API, kills
 * the primary agent process with SIGKILL, fails over, measures RPO from data and RTO per step, fails back, and signs a
 * report that stock openssl verifies.
 */
class DrillIT extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    TenantService tenants;
    @Autowired
    ApprovalService approvals;
    @Autowired
    DrillService drills;
    @Autowired
    com.companyos.audit.AuditService audit;

    @Test
    void a_drill_kills_the_primary_fails_over_and_back_and_its_signed_report_verifies_with_openssl(@TempDir Path dir) throws Exception {
        awaitAllRegionsHealthy();
        // Read-only during failover: the drill's two approvals confirm writes for its own failover (RTO ends at a write).
        Tenant t = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("drill"), false, "eu-west", "eu-central", null));
        Drill requested = As.operator(() -> drills.request(t.slug(), true, "quarterly DR drill"));
        assertThat(requested.status()).isEqualTo("PENDING_APPROVAL");
        TestTenants.approveTwice(approvals, requested.approvalRequestId());
        assertThat(TestTenants.awaitFinal(approvals, requested.approvalRequestId()).status()).isEqualTo(ApprovalStatus.EXECUTED);

        Drill done = null;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(deadline)) {
            done = As.operator(() -> drills.find(requested.id())).orElseThrow();
            if (done.finished()) {
                break;
            }
            sleep(500);
        }
        assertThat(done).isNotNull();
        assertThat(done.error()).isNull();
        assertThat(done.status()).isIn("PASSED", "FAILED");
        assertThat(done.rtoSeconds()).isPositive();
        assertThat(done.rpoSeconds()).isNotNull();
        assertThat(done.rpoRecords()).isNotNull();
        assertThat(done.steps()).extracting(Drill.Step::name)
                .contains("Detection", "Decision (policy + drill approval)", "Promotion", "Routing switch", "First write on the new primary",
                        "RPO verification", "Restore old primary", "Fail back (planned, no loss)");
        assertThat(done.steps()).allSatisfy(s -> assertThat(s.finishedAt()).isNotNull());
        assertThat(TestTenants.entries(audit, "dr.drill-finished", "tenant:" + t.slug())).hasSize(1);
        Tenant after = As.operator(() -> tenants.get(t.slug()));
        assertThat(after.activeRegion()).isEqualTo("eu-west");
        assertThat(after.epoch()).isEqualTo(3);

        // The signed report: DSSE envelope over an in-toto Statement; openssl checks the Ed25519 signature over the PAE.
        JsonNode envelope = JSON.readTree(As.operator(() -> drills.signedReport(requested.id())).orElseThrow());
        byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
        JsonNode statement = JSON.readTree(payload);
        assertThat(statement.path("predicate").path("measured").path("rtoSeconds").asDouble()).isEqualTo(done.rtoSeconds());
        assertThat(statement.path("predicate").path("timeline")).hasSizeGreaterThanOrEqualTo(8);
        Files.write(dir.resolve("pae.bin"), Dsse.pae(envelope.path("payloadType").asText(), payload));
        Files.write(dir.resolve("report.sig"), Base64.getDecoder().decode(envelope.path("signatures").get(0).path("sig").asText()));
        Files.copy(DATA_DIR.resolve("pki/platform-signing.crt"), dir.resolve("platform.crt"));
        Files.copy(DATA_DIR.resolve("pki/ca.crt"), dir.resolve("ca.crt"));
        assertThat(Shell.run(dir, "openssl", "verify", "-CAfile", "ca.crt", "platform.crt").ok()).isTrue();
        assertThat(Shell.sh(dir, "openssl x509 -in platform.crt -pubkey -noout > platform.pub").ok()).isTrue();
        Shell.Result verified = Shell.run(dir, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "platform.pub", "-rawin",
                "-in", "pae.bin", "-sigfile", "report.sig");
        assertThat(verified.output()).contains("Signature Verified Successfully");
        // The PDF rendering: PAdES-signed (pdfsig), with the signed JSON attached.
        Files.write(dir.resolve("report.pdf"), As.operator(() -> drills.reportPdf(requested.id())).orElseThrow());
        if (System.getProperty("drill.pdf.copy") != null) {   // for looking at the report by hand
            Files.copy(dir.resolve("report.pdf"), Path.of(System.getProperty("drill.pdf.copy")), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Shell.Result pdfsig = Shell.run(dir, "pdfsig", "report.pdf");
        assertThat(pdfsig.output()).as(pdfsig.output()).contains("Signature is Valid");
        assertThat(Shell.run(dir, "pdfdetach", "-list", "report.pdf").output()).contains("dr-drill-report.dsse.json");
        byte[] tampered = Files.readAllBytes(dir.resolve("pae.bin"));
        tampered[tampered.length - 2] ^= 1;
        Files.write(dir.resolve("pae.bin"), tampered);
        assertThat(Shell.run(dir, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "platform.pub", "-rawin",
                "-in", "pae.bin", "-sigfile", "report.sig").ok()).isFalse();
    }
}
