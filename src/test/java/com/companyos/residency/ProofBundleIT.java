package com.companyos.residency;

import com.companyos.agentapi.control.ProofBundleJob;
import com.companyos.audit.AuditService;
import com.companyos.base.ConflictException;
import com.companyos.base.Hashing;
import com.companyos.base.NotFoundException;
import com.companyos.pki.Pem;
import com.companyos.pki.SigningKey;
import com.companyos.security.DemoAccounts;
import com.companyos.support.As;
import com.companyos.support.Browser;
import com.companyos.support.ConsoleIT;
import com.companyos.support.Shell;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Residency proof bundles: built in the tenant's region while they stream, once, to the person who asked; verifiable
 * offline by running the very commands its VERIFY.md lists (sha256sum, openssl, python3); a single changed byte is
 * caught; one build per tenant at a time, and a build whose process died ends as failed.
 */
public class ProofBundleIT extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    TenantService tenants;
    @Autowired
    ProofBundleService bundles;
    @Autowired
    AuditService audit;

    static Tenant tenant;

    @BeforeEach
    void tenantWithEvidence() throws Exception {
        awaitAllRegionsHealthy();
        if (tenant != null) {
            return;
        }
        tenant = tenantWithEvidence(tenants, "proof");
    }

    @Test
    void a_bundle_verifies_offline_with_the_commands_of_its_own_verify_md_and_one_changed_byte_is_caught(@TempDir Path dir)
            throws Exception {
        ProofBundleJob job = As.officer("compliance1", () -> bundles.start(tenant.slug(), Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofMinutes(1))));
        assertThat(job.decisionId()).isNotNull();
        ProofBundleJob ready = awaitReady(job, () -> As.officer("compliance1", () -> bundles.job(tenant.slug(), job.jobId())));
        assertThat(ready.total()).isGreaterThanOrEqualTo(4);
        byte[] zip = As.officer("compliance1", () -> download(ready));
        // Built while it streamed: the region recorded what it wrote, and that is what arrived.
        ProofBundleJob delivered = As.officer("compliance1", () -> bundles.job(tenant.slug(), job.jobId()));
        assertThat(delivered.status()).isEqualTo("DELIVERED");
        assertThat(delivered.size()).isEqualTo(zip.length);
        assertThat(delivered.sha256()).isEqualTo(Hashing.sha256Hex(zip));
        assertThat(delivered.done()).isEqualTo(ready.total());
        Path root = unzip(zip, dir).resolve(tenant.slug() + "-residency-proof");

        assertThat(root.resolve("VERIFY.md")).exists();
        List<String> lines = Files.readAllLines(root.resolve("receipts.jsonl"));
        assertThat(lines).hasSize(ready.total());
        // Every receipt's signature, checked here with the region's certificate from the bundle.
        X509Certificate cert = Pem.readCertificates(root.resolve("certificates/region-eu-west-signing.crt")).get(0);
        for (String line : lines) {
            JsonNode r = JSON.readTree(line);
            assertThat(SigningKey.verify(cert.getPublicKey(), r.path("body").asText().getBytes(StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(r.path("signature").asText()))).as(line).isTrue();
        }
        JsonNode summary = JSON.readTree(root.resolve("decisions/summary.json").toFile());
        assertThat(summary.path("allowedBySeam").path("WRITE").asLong()).isEqualTo(3);
        assertThat(summary.path("deniedBySeam").path("EXPORT").asLong()).isEqualTo(1);
        assertThat(Files.readString(root.resolve("decisions/denied.json"))).contains("sensitive-export-stays-in-zone");
        assertThat(Files.readString(root.resolve("leak-classes.md"))).contains("tenant directory");
        assertThat(JSON.readTree(root.resolve("decisions/chain-anchor.json").toFile()).path("chain").asText())
                .isEqualTo("region/eu-west/decision-log");
        JsonNode statement = JSON.readTree(root.resolve("statement.intoto.json").toFile());
        assertThat(statement.path("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(statement.path("predicate").path("tenant").asText()).isEqualTo(tenant.slug());
        assertThat(statement.path("predicate").path("receipts").asInt()).isEqualTo(ready.total());
        assertThat(statement.path("predicate").path("receiptsMerkleRoot").asText())
                .isEqualTo(JSON.readTree(root.resolve("receipts-merkle.json").toFile()).path("root").asText()).hasSize(64);
        assertThat(JSON.readTree(root.resolve("statement.dsse.json").toFile()).path("payloadType").asText())
                .isEqualTo("application/vnd.in-toto+json");

        // Run every command VERIFY.md gives, as an auditor would, in the bundle's folder.
        List<String> commands = commands(Files.readString(root.resolve("VERIFY.md")));
        assertThat(commands).hasSizeGreaterThanOrEqualTo(10).anyMatch(c -> c.equals("python3 verify.py"));
        for (String command : commands) {
            Shell.Result r = Shell.sh(root, command);
            assertThat(r.ok()).as(command + "\n" + r.output()).isTrue();
            assertThat(r.output()).doesNotContain("BAD").doesNotContain("FAILED");
        }
        assertThat(Shell.sh(root, "python3 verify.py").output()).contains("the Ed25519 signatures of " + ready.total() + " receipts")
                .contains("ALL CHECKS PASSED");

        // One changed byte in one receipt: the manifest check, the Merkle root and that receipt's signature all fail.
        Path receipts = root.resolve("receipts.jsonl");
        String first = lines.get(0);
        String changed = first.replaceFirst(Pattern.quote("\\\"seam\\\":\\\""), Matcher.quoteReplacement("\\\"seam\\\":\\\"X"));
        assertThat(changed).isNotEqualTo(first);
        Files.writeString(receipts, Files.readString(receipts).replace(first, changed));
        assertThat(Shell.sh(root, "sha256sum -c manifest.sha256").ok()).isFalse();
        Shell.Result check = Shell.sh(root, "python3 verify.py");
        assertThat(check.ok()).isFalse();
        assertThat(check.output()).contains("FAILED   receipts.jsonl has the SHA-256").contains("FAILED   the bundle's root")
                .contains("FAILED   the Ed25519 signatures of " + ready.total() + " receipts: 1 bad");
        assertThat(Shell.sh(root, "python3 verify.py --extract first").ok()).isTrue();
        assertThat(Shell.sh(root, "openssl pkeyutl -verify -pubin -inkey region.pub -rawin -in receipt.json -sigfile receipt.sig").ok())
                .isFalse();

        // The statement is bound to its signature: editing it breaks the DSSE check.
        Path stmt = root.resolve("statement.intoto.json");
        Files.writeString(stmt, Files.readString(stmt).replace("\"receipts\"", "\"receiptz\""));
        assertThat(Shell.sh(root, commands.stream().filter(c -> c.contains("cmp - dsse/pae.bin")).findFirst().orElseThrow()).ok())
                .isFalse();

        // Streamed once: the region keeps no copy, the console none either.
        assertThatThrownBy(() -> As.officer("compliance1", () -> download(ready))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("delivered");
        assertThat(TestTenants.entries(audit, "residency.proof-bundle-requested", "tenant:" + tenant.slug())).isNotEmpty();
        assertThat(TestTenants.entries(audit, "residency.proof-bundle-downloaded", "tenant:" + tenant.slug()))
                .anySatisfy(e -> assertThat(e.details()).contains(Hashing.sha256Hex(zip)));
    }

    @Test
    void one_build_per_tenant_at_a_time_and_a_build_whose_process_died_ends_as_failed() throws Exception {
        ProofBundleJob job = As.officer("compliance1", () -> bundles.start(tenant.slug(), Instant.now().minus(Duration.ofHours(1)),
                Instant.now().plus(Duration.ofMinutes(1))));
        UUID other = UUID.randomUUID();
        try (Connection c = agentDatabase(); Statement s = c.createStatement()) {
            // Another replica of the region is building a bundle of this tenant (its heartbeat is fresh).
            s.execute("insert into evidence_job (job_id, tenant_id, tenant_slug, requested_by, period_from, period_to, status, total, "
                    + "created_at, decision_id, receipt_id, heartbeat_at) select '" + other + "', tenant_id, tenant_slug, 'another replica', "
                    + "period_from, period_to, 'BUILDING', 0, now(), decision_id, receipt_id, now() from evidence_job where job_id = '"
                    + job.jobId() + "'");
            assertThatThrownBy(() -> As.officer("compliance1", () -> download(job))).isInstanceOf(ConflictException.class)
                    .hasMessageContaining("is being built now (" + other + ")").hasMessageContaining("at most 1 at a time per tenant");
            assertThat(As.officer("compliance1", () -> bundles.job(tenant.slug(), job.jobId())).status()).isEqualTo("READY");

            // That replica died: its heartbeat stopped. Its build ends as failed, and this one runs.
            s.execute("update evidence_job set heartbeat_at = now() - interval '5 minutes' where job_id = '" + other + "'");
            assertThat(As.officer("compliance1", () -> download(job))).isNotEmpty();
            try (ResultSet r = s.executeQuery("select status, error from evidence_job where job_id = '" + other + "'")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("FAILED");
                assertThat(r.getString(2)).contains("stopped without finishing");
            }
        }
        assertThat(As.officer("compliance1", () -> bundles.job(tenant.slug(), job.jobId())).status()).isEqualTo("DELIVERED");
    }

    private static Connection agentDatabase() throws Exception {
        Path pid = DATA_DIR.resolve("agents/eu-west/postgres/postmaster.pid");
        int port = Integer.parseInt(Files.readAllLines(pid).get(3).trim());
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/companyos_agent", "postgres", "postgres");
    }

    @Test
    void a_customer_gets_their_own_tenants_bundle_and_nobody_elses() {
        ProofBundleJob job = As.customer(tenant, () -> bundles.start(tenant.slug(), Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plusSeconds(60)));
        ProofBundleJob ready = awaitReady(job, () -> As.customer(tenant, () -> bundles.job(tenant.slug(), job.jobId())));
        assertThat(As.customer(tenant, () -> download(ready))).isNotEmpty();

        assertThatThrownBy(() -> As.customer("someone-else", () -> bundles.start(tenant.slug(), Instant.now().minus(Duration.ofDays(1)),
                Instant.now()))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> As.customer("someone-else", () -> bundles.job(tenant.slug(), job.jobId())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> As.operator(() -> bundles.start(tenant.slug(), Instant.now().minus(Duration.ofDays(1)), Instant.now())))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> As.officer("compliance1", () -> bundles.start(tenant.slug(), Instant.now(),
                Instant.now().minus(Duration.ofDays(1))))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_compliance_officer_builds_and_downloads_a_tenants_proof_bundle_in_the_browser(@TempDir Path dir) throws Exception {
        try (BrowserContext browser = Browser.newContext()) {
            Page page = Browser.signIn(browser, baseUrl(), "compliance1", DemoAccounts.PASSWORD);
            page.navigate(baseUrl() + "/residency");
            page.locator("vaadin-grid[data-grid='denials']").waitFor();
            page.locator("#residency-tenant input").fill(tenant.slug());
            page.locator("vaadin-combo-box-item:has-text('" + tenant.slug() + "')").click();
            page.locator("vaadin-grid[data-grid='denials'] vaadin-grid-cell-content:has-text('" + tenant.slug() + "')").first().waitFor();
            Browser.screenshot(page, "residency-officer");

            page.locator("[data-action='build-proof-bundle']").click();
            page.locator("[data-proof-status='ready']").waitFor();
            Browser.screenshot(page, "residency-proof-ready");
            Download download = page.waitForDownload(() -> page.locator("[data-action='download-proof-bundle'] vaadin-button").click());
            assertThat(download.suggestedFilename()).startsWith(tenant.slug() + "-residency-proof-").endsWith(".zip");
            Path root = unzip(Files.readAllBytes(download.path()), dir).resolve(tenant.slug() + "-residency-proof");
            Shell.Result check = Shell.sh(root, "sha256sum -c manifest.sha256");
            assertThat(check.ok()).as(check.output()).isTrue();
            page.locator("[data-proof-status='delivered']").waitFor();

            // Drill into a prevented violation: its decision, and its receipt checked with the region's certificate.
            page.locator("vaadin-grid[data-grid='denials'] vaadin-grid-cell-content:has-text('sensitive-export-stays-in-zone')").first().click();
            page.locator("[data-receipt-verified='true']").waitFor();
            assertThat(page.locator("[data-decision-outcome='denied']").count()).isEqualTo(1);
            Browser.screenshot(page, "residency-decision");
        }
    }

    private byte[] download(ProofBundleJob job) {
        return download(bundles, tenant.slug(), job.jobId());
    }

    /** A ready bundle's bytes, streamed once, as the signed-in person. */
    public static byte[] download(ProofBundleService bundles, String slug, String jobId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            bundles.download(slug, jobId, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    public static ProofBundleJob awaitReady(ProofBundleJob job, java.util.function.Supplier<ProofBundleJob> poll) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        ProofBundleJob current = job;
        while (!"READY".equals(current.status()) && Instant.now().isBefore(deadline)) {
            assertThat(current.status()).isNotEqualTo("FAILED");
            sleep(100);
            current = poll.get();
        }
        assertThat(current.status()).as(String.valueOf(current.error())).isEqualTo("READY");
        return current;
    }

    /** The indented command lines of VERIFY.md, in order. */
    static List<String> commands(String verifyMd) {
        List<String> commands = new ArrayList<>();
        for (String line : verifyMd.split("\n")) {
            if (line.startsWith("    ") && !line.isBlank()) {
                commands.add(line.strip());
            }
        }
        return commands;
    }

    public static Path unzip(byte[] zip, Path dir) throws IOException {
        try (InputStream in = new ByteArrayInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                Path target = dir.resolve(e.getName()).normalize();
                assertThat(target.startsWith(dir)).isTrue();
                Files.createDirectories(target.getParent());
                Files.write(target, z.readAllBytes());
            }
        }
        return dir;
    }
}
