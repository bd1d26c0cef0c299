package com.companyos.cli;

import com.companyos.approvals.ApprovalService;
import com.companyos.security.ApiTokenService;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The companyos CLI against the running console's REST API with a personal API token: create from request.yaml
 * (idempotent, byte-identical manifest), wait for two-person approval, dry-run a teardown blocked by a legal hold.
 */
class CliIT extends ConsoleIT {

    @Autowired
    ApiTokenService apiTokens;
    @Autowired
    ApprovalService approvals;
    @Autowired
    TenantService tenants;

    String operatorToken;
    Path work;

    @BeforeEach
    void setUp() throws Exception {
        awaitAllRegionsHealthy();
        operatorToken = As.operator(() -> apiTokens.issue("cli test", Duration.ofDays(1))).token();
        work = Files.createTempDirectory(DATA_DIR, "cli-");
    }

    @Test
    void create_is_idempotent_and_writes_a_byte_identical_manifest() throws Exception {
        String slug = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        Path request = work.resolve("request.yaml");
        Files.writeString(request, """
                name: CLI Corp
                slug: %s
                contacts:
                  - name: Casey Ops
                    email: casey@cli.example
                residencyZone: US
                residencyLocked: false
                primaryRegion: us-east
                failoverRegion: eu-west
                defaultClassification: internal
                retentionPolicy: 1-year
                """.formatted(slug));
        Result first = cli("tenant", "create", "-f", request.toString(), "-o", work.resolve("first.yaml").toString());
        assertThat(first.code).as(first.err).isZero();
        assertThat(first.out).contains("Created tenant " + slug);
        Result second = cli("tenant", "create", "-f", request.toString(), "-o", work.resolve("second.yaml").toString());
        assertThat(second.code).isZero();
        assertThat(second.out).contains("No changes");
        assertThat(Files.readAllBytes(work.resolve("second.yaml"))).isEqualTo(Files.readAllBytes(work.resolve("first.yaml")));

        Result differs = cli("tenant", "create", "-f", request.toString(), "--retention", "10-years");
        assertThat(differs.code).isEqualTo(CompanyOsCli.REFUSED);
        assertThat(differs.err).contains("retentionPolicy: existing 1-year, requested 10-years");
    }

    @Test
    void dcp_create_files_the_request_and_status_reports_it() throws Exception {
        Tenant t = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("cli-dcp"), false, "eu-west", "eu-central", "cli"));
        Result missingReason = cli("dcp", "create", t.slug());
        assertThat(missingReason.code).isEqualTo(CompanyOsCli.INVALID);
        Result created = cli("dcp", "create", t.slug(), "--reason", "dedicated infrastructure in the contract");
        assertThat(created.code).as(created.err).isEqualTo(CompanyOsCli.PENDING);
        assertThat(created.out).contains("DCP of " + t.slug() + ": AWAITING_APPROVAL").contains("plan sha256: ").contains("Approval request: ");
        Result status = cli("dcp", "status", t.slug());
        assertThat(status.code).isEqualTo(CompanyOsCli.PENDING);
        assertThat(status.out).contains("regions: [\"eu-west\",\"eu-central\"]");
        Result unknown = cli("dcp", "status", "no-such-tenant");
        assertThat(unknown.code).isEqualTo(CompanyOsCli.INVALID);
        assertThat(unknown.err).contains("has no Dedicated Compliance Partition");
    }

    @Test
    void release_create_list_show_and_refusals_speak_plainly() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Result list = cli("release", "list");
        assertThat(list.code).as(list.err).isZero();
        assertThat(list.out).contains("region us-east: stable ");
        String builtin = list.out.lines().filter(l -> l.startsWith("region eu-west: stable ")).findFirst().orElseThrow()
                .substring("region eu-west: stable ".length()).split(",")[0].trim();

        Result config = cli("release", "create", "--version", "cli-" + suffix, "--artifact-of", builtin,
                "--set", "companyos.agent.faults.added-latency=5ms", "--reason", "CLI test: a configuration-only release");
        assertThat(config.code).as(config.err).isZero();
        assertThat(config.out).contains("Release cli-" + suffix).contains("companyos.agent.faults.added-latency");

        // An uploaded artifact is streamed, hashed and checked to be an agent build.
        Path jar = work.resolve("agent.jar");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("BOOT-INF/classes/com/companyos/agent/AgentApplication.class"));
            zip.write(new byte[]{(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
            zip.closeEntry();
        }
        Result uploaded = cli("release", "create", "--version", "cli-jar-" + suffix, "--artifact", jar.toString(), "--reason", "CLI upload");
        assertThat(uploaded.code).as(uploaded.err).isZero();
        assertThat(uploaded.out).contains("sha256 " + com.companyos.base.Hashing.sha256Hex(Files.readAllBytes(jar)));
        Path notJar = work.resolve("notes.txt");
        Files.writeString(notJar, "not a jar");
        Result refusedUpload = cli("release", "create", "--version", "cli-bad-" + suffix, "--artifact", notJar.toString(), "--reason", "x");
        assertThat(refusedUpload.code).isEqualTo(CompanyOsCli.INVALID);
        assertThat(refusedUpload.err).contains("not a jar");

        Result notSealed = cli("release", "evidence", "cli-" + suffix, "--out", work.resolve("evidence.zip").toString());
        assertThat(notSealed.code).isEqualTo(CompanyOsCli.INVALID);
        assertThat(notSealed.err).contains("no sealed scorecard yet");
        assertThat(work.resolve("evidence.zip")).doesNotExist();
        Result noSuch = cli("release", "evidence", "no-such-" + suffix);
        assertThat(noSuch.code).isEqualTo(CompanyOsCli.INVALID);
        assertThat(noSuch.err).contains("No release no-such-" + suffix);
        Result show = cli("release", "show", "cli-" + suffix);
        assertThat(show.code).isZero();
        assertThat(show.out).contains("registered").contains("policy bundle: standard");
        Result forbidden = cli("release", "create", "--version", "cli-x-" + suffix, "--artifact-of", builtin,
                "--set", "spring.datasource.url=jdbc:postgresql://elsewhere/db", "--reason", "x");
        assertThat(forbidden.code).isEqualTo(CompanyOsCli.INVALID);
        assertThat(forbidden.err).contains("may set");
        Result noReason = cli("rollback", "--to", builtin);
        assertThat(noReason.code).isEqualTo(CompanyOsCli.INVALID);
        Result unknown = cli("rollback", "--to", "no-such-release", "--reason", "x");
        assertThat(unknown.code).isEqualTo(CompanyOsCli.INVALID);
        assertThat(unknown.err).contains("No release no-such-release");
        Result status = cli("canary", "status", UUID.randomUUID().toString());
        assertThat(status.code).isEqualTo(CompanyOsCli.INVALID);
        assertThat(status.err).contains("No rollout");
    }

    @Test
    void a_locked_tenant_waits_for_two_person_approval_and_then_writes_its_manifest() throws Exception {
        String slug = "cli-locked-" + UUID.randomUUID().toString().substring(0, 6);
        Path manifest = work.resolve(slug + ".yaml");
        CompletableFuture<Result> waiting = CompletableFuture.supplyAsync(() -> cli("tenant", "create", "--name", "Locked CLI",
                "--slug", slug, "--zone", "EU", "--locked", "--primary", "eu-west", "--failover", "eu-central",
                "--contact", "Dana <dana@locked.example>", "--reason", "customer onboarding", "--wait", "PT2M", "-o", manifest.toString()));
        UUID request = awaitPendingRequest(slug);
        As.officer("compliance1", () -> approvals.approve(request, "ok"));
        As.officer("compliance2", () -> approvals.approve(request, "ok"));
        Result done = waiting.get();
        assertThat(done.code).as(done.out + done.err).isZero();
        assertThat(done.out).contains("Submitted for two-person approval").contains("Tenant " + slug + " created");
        assertThat(Files.readString(manifest)).contains("locked: true").contains("requestId: \"" + request + "\"");
    }

    @Test
    void a_dry_run_shows_the_plan_and_a_hold_blocks_the_teardown_request() throws Exception {
        String slug = "cli-hold-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(cli("tenant", "create", "--name", "Held", "--slug", slug, "--zone", "EU", "--primary", "eu-west",
                "--failover", "eu-central", "--contact", "H <h@held.example>", "-o", work.resolve("h.yaml").toString()).code).isZero();
        Result clear = cli("tenant", "delete", slug, "--dry-run");
        assertThat(clear.code).isZero();
        assertThat(clear.out).contains("REGIONAL_DB").contains("SEARCH_INDEX").contains("OBJECT_STORE").contains("REPLICA")
                .contains("Legal holds: none").contains("Approvals needed: 2");

        As.officer("compliance1", () -> tenants.placeLegalHold(slug, "Litigation hold 2026-44", null));
        Result blocked = cli("tenant", "delete", slug, "--dry-run");
        assertThat(blocked.code).isEqualTo(CompanyOsCli.REFUSED);
        assertThat(blocked.out).contains("by compliance1").contains("Litigation hold 2026-44").contains("BLOCKED");
        Result refused = cli("tenant", "delete", slug, "--reason", "customer left");
        assertThat(refused.code).isEqualTo(CompanyOsCli.REFUSED);
        assertThat(refused.err).contains("is blocked").contains("Nothing was deleted").contains("decision ");
    }

    @Test
    void bad_input_and_missing_tokens_get_clear_messages() {
        Result invalid = cli("tenant", "create", "--name", "X", "--slug", "NOT OK", "--zone", "MARS");
        assertThat(invalid.code).isEqualTo(CompanyOsCli.INVALID);
        assertThat(invalid.err).contains("slug: The slug must be").contains("residencyZone").contains("primaryRegion: A region is required");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CompanyOsCli.run(new String[]{"tenant", "get", "x", "--url", baseUrl(), "--token", "cop_not-a-token"},
                new PrintWriter(out), new PrintWriter(err));
        assertThat(code).isEqualTo(CompanyOsCli.ERROR);
        assertThat(err.toString()).contains("An API token is required");
    }

    private UUID awaitPendingRequest(String slug) {
        for (int i = 0; i < 100; i++) {
            var mine = As.operator(() -> approvals.mine());
            var found = mine.stream().filter(r -> r.subject().equals("tenant:" + slug)).findFirst();
            if (found.isPresent()) {
                return found.get().id();
            }
            sleep(200);
        }
        throw new AssertionError("No approval request for " + slug);
    }

    private Result cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--url";
        all[args.length + 1] = baseUrl();
        all[args.length + 2] = "--token";
        all[args.length + 3] = operatorToken;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CompanyOsCli.run(all, new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    record Result(int code, String out, String err) {
    }
}
