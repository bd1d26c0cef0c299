package com.companyos.releases;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.AgentHealth;
import com.companyos.agentapi.control.NamespaceInfo;
import com.companyos.agentapi.control.TrafficState;
import com.companyos.audit.AuditService;
import com.companyos.base.ConflictException;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.Dsse;
import com.companyos.pki.SigningKey;
import com.companyos.regions.RegionAgents;
import com.companyos.releases.internal.CanaryStep;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Releases against the real embedded stack: the console's build is every region's stable release; a canary process of
 * another release runs beside the us-east agent on the same regional database and the agent's router gives it its
 * weight of the requests; an operator's abort and the analysis' abort both return every request to stable at once and
 * quarantine the release. No write is lost or duplicated while traffic moves between the versions. The analysis'
 * abort, promotion and rollback are the release drill ({@link ReleaseDrillIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleasesIT extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = US_EAST.value();

    @Autowired
    ReleaseService releases;
    @Autowired
    TenantService tenants;
    @Autowired
    RegionAgents agents;
    @Autowired
    ControlPlaneKeys keys;
    @Autowired
    AuditService audit;

    private Tenant tenant;
    private Tenant pinned;
    private DataApi app;
    private DataApi pinnedApp;
    private String builtin;
    private final String suffix = UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    void tenantsInUsEast() throws Exception {
        awaitAllRegionsHealthy();
        waits().abortUnfinished("ReleasesIT starts from a quiet region");
        tenant = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("rel"), false, REGION, "eu-west", null, "US"));
        pinned = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("relpin"), false, REGION, "eu-west", null, "US"));
        app = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(US_EAST), tenant.slug(),
                As.operator(() -> tenants.issueToken(tenant.slug(), "releases-it")).token());
        pinnedApp = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(US_EAST), pinned.slug(),
                As.operator(() -> tenants.issueToken(pinned.slug(), "releases-it")).token());
        assertThat(app.put("seed", "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"seed\"}").statusCode()).isEqualTo(200);
        assertThat(pinnedApp.put("seed", "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"seed\"}").statusCode()).isEqualTo(200);
        builtin = As.operator(() -> releases.regions()).get(0).stableVersion();
    }

    @AfterAll
    void backToTheConsoleBuild() {
        // Leave us-east as the other tests expect it: on the console's build, with no canary.
        As.operator(() -> releases.regions()).stream().filter(r -> r.rollout() != null)
                .forEach(r -> As.operator(() -> releases.abort(r.rollout().id(), "ReleasesIT cleans up")));
        if (!builtin.equals(waits().stable())) {
            As.operator(() -> releases.rollback(builtin, REGION, "ReleasesIT cleans up"));
        }
    }

    @Test
    @Order(1)
    void the_console_build_is_every_regions_stable_release_with_a_signed_manifest_and_agents_name_it() throws Exception {
        Release release = As.operator(() -> releases.get(builtin));
        assertThat(release.builtin()).isTrue();
        assertThat(release.artifactSha256()).hasSize(64);
        assertThat(As.operator(() -> releases.regions())).allSatisfy(r -> assertThat(r.stableVersion()).isEqualTo(builtin));

        JsonNode envelope = JSON.readTree(release.envelope());
        byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
        byte[] signature = Base64.getDecoder().decode(envelope.path("signatures").get(0).path("sig").asText());
        assertThat(SigningKey.verify(keys.platformSigningKey().certificate().getPublicKey(), Dsse.pae(Dsse.IN_TOTO, payload), signature))
                .as("the platform signed the manifest").isTrue();
        JsonNode statement = JSON.readTree(payload);
        assertThat(statement.path("subject").get(0).path("digest").path("sha256").asText()).isEqualTo(release.artifactSha256());
        assertThat(statement.path("predicate").path("version").asText()).isEqualTo(builtin);
        assertThat(statement.path("predicate").path("policyBundle").path("sha256").asText()).isEqualTo(release.policySha256());

        AgentHealth health = agents.client(US_EAST).health().get(10, TimeUnit.SECONDS).report();
        assertThat(health.release()).isEqualTo(builtin);
        assertThat(app.get("seed").headers().firstValue(AgentPaths.RELEASE_HEADER)).contains(builtin);
    }

    @Test
    @Order(2)
    void a_release_version_is_immutable_and_may_only_carry_agent_settings() {
        String version = "good-" + suffix;
        Release good = As.operator(() -> releases.register(new ReleaseRegistration(version, builtin,
                Map.of("logging.level.companyos.traffic", "INFO"), "A configuration-only release for ReleasesIT"), null));
        assertThat(good.artifactSha256()).isEqualTo(As.operator(() -> releases.get(builtin)).artifactSha256());
        assertThat(good.replaces()).isNotBlank();
        Release again = As.operator(() -> releases.register(new ReleaseRegistration(version, builtin,
                Map.of("logging.level.companyos.traffic", "INFO"), "retried"), null));
        assertThat(again.createdAt()).isEqualTo(good.createdAt());

        assertThatThrownBy(() -> As.operator(() -> releases.register(new ReleaseRegistration(version, builtin,
                Map.of("logging.level.companyos.traffic", "WARN"), "changed"), null)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("immutable");
        assertThatThrownBy(() -> As.operator(() -> releases.register(new ReleaseRegistration("sneaky-" + suffix, builtin,
                Map.of("spring.datasource.url", "jdbc:postgresql://elsewhere/x"), "no"), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may set");
        assertThatThrownBy(() -> As.user("eve", com.companyos.base.Role.EXECUTIVE, () -> releases.register(
                new ReleaseRegistration("exec-" + suffix, builtin, Map.of(), "no"), null)))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
    }

    @Test
    @Order(3)
    void a_canary_serves_its_weight_within_two_points_pins_hold_and_an_abort_returns_everything_to_stable_losing_no_write()
            throws Exception {
        String version = "good-" + suffix;
        // A writer with unique keys runs through the split and the abort; every write it was told succeeded must be there.
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<String> refused = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            int i = 0;
            while (writing.get()) {
                String key = "w-" + suffix + "-" + i++;
                try {
                    HttpResponse<String> r = app.put(key, "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"" + key + "\"}");
                    if (r.statusCode() == 200) {
                        acknowledged.add(key);
                    } else {
                        refused.add(r.statusCode() + " " + r.body());
                    }
                } catch (Exception e) {
                    // not acknowledged: may or may not be stored, and is not counted
                }
            }
        });
        writer.setDaemon(true);
        writer.start();
        Rollout started = As.operator(() -> releases.startCanary(REGION, version, "ReleasesIT: split accuracy", false,
                Map.of(pinned.slug(), "canary"), List.of(new CanaryStep(10, Duration.ofHours(1), 1_000_000, Duration.ofHours(1)),
                        new CanaryStep(100, Duration.ofHours(1), 1, Duration.ofHours(1)))));
        waits().splitInForce(started.id());

        Map<String, Integer> servedBy = new java.util.HashMap<>();
        for (int i = 0; i < 2000; i++) {
            HttpResponse<String> r = app.get("seed");
            assertThat(r.statusCode()).isEqualTo(200);
            servedBy.merge(r.headers().firstValue(AgentPaths.RELEASE_HEADER).orElse("none"), 1, Integer::sum);
        }
        int canary = servedBy.getOrDefault(version, 0);
        int total = servedBy.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(servedBy.keySet()).as("only the two releases serve").containsOnly(builtin, version);
        // The writer's requests share the split, so the reader's own share is checked loosely and the router's exactly.
        assertThat(canary * 100.0 / total).isBetween(5.0, 15.0);
        TrafficState state = agents.client(US_EAST).get(AgentPaths.TRAFFIC, TrafficState.class).orElseThrow();
        long routedCanary = state.served().get("canary").requests();
        long routedTotal = routedCanary + state.served().get("stable").requests();
        assertThat(routedTotal).isGreaterThanOrEqualTo(2000);
        assertThat(routedCanary * 100.0 / routedTotal).as("the router's split").isBetween(8.0, 12.0);
        for (int i = 0; i < 20; i++) {
            assertThat(pinnedApp.get("seed").headers().firstValue(AgentPaths.RELEASE_HEADER)).as("a pinned tenant").contains(version);
        }

        Instant abortAt = Instant.now();
        Rollout aborted = As.operator(() -> releases.abort(started.id(), "ReleasesIT: operator abort"));
        assertThat(aborted.state()).isEqualTo(RolloutState.ABORTED);
        assertThat(aborted.abortToStableMillis()).as("ms from the abort to all-stable").isNotNull().isLessThanOrEqualTo(5_000L);
        assertThat(Duration.between(abortAt, Instant.now())).isLessThan(Duration.ofSeconds(5));
        for (int i = 0; i < 50; i++) {
            assertThat(app.get("seed").headers().firstValue(AgentPaths.RELEASE_HEADER)).contains(builtin);
            assertThat(pinnedApp.get("seed").headers().firstValue(AgentPaths.RELEASE_HEADER)).contains(builtin);
        }
        sleep(1500);
        writing.set(false);
        writer.join(30_000);

        assertThat(acknowledged).hasSizeGreaterThan(20);
        // The canary's start is not a restart of the region: the writes it did not take stay confirmed.
        assertThat(refused).as("writes refused while the canary started, served and was aborted").isEmpty();
        for (String key : acknowledged) {
            HttpResponse<String> r = app.get(key);
            assertThat(r.statusCode()).as("acknowledged write " + key).isEqualTo(200);
            assertThat(r.body()).contains(key);
        }
        NamespaceInfo ns = agents.client(US_EAST).get(AgentPaths.namespace(tenant.id().toString()), NamespaceInfo.class).orElseThrow();
        assertThat(ns.records()).as("every acknowledged write once, plus the seed (and at most the writes cut off unacknowledged)")
                .isBetween((long) acknowledged.size() + 1, (long) acknowledged.size() + 3);

        Release quarantined = As.operator(() -> releases.get(version));
        assertThat(quarantined.quarantined()).isTrue();
        assertThat(quarantined.quarantineReason()).contains("operator abort");
        assertThatThrownBy(() -> As.operator(() -> releases.startCanary(REGION, version, "again", false, null, null)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("quarantined");
        assertThatThrownBy(() -> As.operator(() -> releases.rollback(version, REGION, "back to a bad one")))
                .isInstanceOf(ConflictException.class).hasMessageContaining("quarantined");
        assertThat(TestTenants.entries(audit, "release.aborted", "region:" + REGION)).isNotEmpty();
        awaitCanaryStopped();
    }

    @Test
    @Order(4)
    void a_release_whose_export_is_not_deterministic_is_no_go_and_its_promotion_to_100_is_refused_naming_the_gates() throws Exception {
        String version = "unstable-" + suffix;
        As.operator(() -> releases.register(new ReleaseRegistration(version, builtin, Map.of("companyos.agent.faults.unstable-export", "true"),
                "ReleasesIT: a build that stamps the time into its deterministic export"), null));
        Rollout started = As.operator(() -> releases.startCanary(REGION, version, "ReleasesIT: scorecard gates", false, null,
                List.of(new CanaryStep(10, Duration.ofHours(1), 1_000_000, Duration.ofHours(1)),
                        new CanaryStep(100, Duration.ofHours(1), 1, Duration.ofHours(1)))));
        waits().splitInForce(started.id());

        assertThatThrownBy(() -> As.operator(() -> releases.promote(started.id(), "ReleasesIT: promote a no-go release")))
                .isInstanceOf(PromotionRefusedException.class)
                .hasMessageContaining("refused: the scorecard says no-go")
                .hasMessageContaining("deterministic-export fail")
                .hasMessageContaining("canary-completed not_run");
        Rollout after = As.operator(() -> releases.rollout(started.id()));
        assertThat(after.state()).as("a refused promotion changes nothing").isEqualTo(RolloutState.RUNNING);
        assertThat(after.stepIndex()).isZero();
        assertThat(As.operator(() -> releases.history(version)).events()).extracting(ReleaseEvent::kind).contains("promotion-refused");
        assertThat(TestTenants.entries(audit, "release.promotion-refused", "region:" + REGION))
                .anySatisfy(e -> assertThat(e.reason()).contains("deterministic-export fail"));

        ReleaseScorecard draft = As.operator(() -> releases.scorecard(version, null));
        assertThat(draft.sealed()).isFalse();
        assertThat(draft.verdict()).isEqualTo(ReleaseScorecard.NO_GO);
        assertThat(statuses(draft)).containsEntry("policy-tests", "pass").containsEntry("spec-parity", "pass")
                .containsEntry("deterministic-export", "fail").containsEntry("canary-completed", "not_run");
        ScorecardGate export = gate(draft, "deterministic-export");
        assertThat(export.summary()).contains("decisions/summary.json");
        assertThat(((Number) export.inputs().get("compared")).intValue()).isPositive();
        ScorecardGate policy = gate(draft, "policy-tests");
        assertThat(((Number) policy.inputs().get("cases")).intValue()).isGreaterThan(500);
        assertThat(policy.inputs()).containsEntry("mismatches", 0).containsEntry("sha256", As.operator(() -> releases.get(version)).policySha256());
        JsonNode json = JSON.readTree(draft.json());
        assertThat(json.path("release").path("artifacts").get(0).path("sha256").asText()).hasSize(64);
        assertThat(json.path("policyBundle").path("version").asText()).isNotBlank();
        assertThat(json.path("gates")).hasSize(5).allSatisfy(g -> {
            assertThat(g.path("evidence").path("sha256").asText()).hasSize(64);
            assertThat(g.path("producer").asText()).startsWith("system:");
            assertThat(g.path("threshold").asText()).isNotBlank();
        });

        As.operator(() -> releases.abort(started.id(), "ReleasesIT: a no-go release goes"));
        ReleaseScorecard sealed = waits().sealedScorecard(version);
        assertThat(sealed.verdict()).isEqualTo(ReleaseScorecard.NO_GO);
        assertThat(statuses(sealed)).containsEntry("deterministic-export", "fail").containsEntry("canary-completed", "fail");
        assertThat(TestTenants.entries(audit, "release.scorecard-sealed", "release:" + version)).hasSize(1);
        awaitCanaryStopped();
    }

    @Test
    @Order(5)
    void the_sealed_evidence_bundle_verifies_offline_with_openssl_and_sha256sum_and_fails_after_one_changed_byte() throws Exception {
        String version = "unstable-" + suffix;
        ReleaseEvidence bundle = As.operator(() -> releases.evidence(version, null));
        assertThat(As.operator(() -> releases.evidence(version, null)).bytes()).as("every download is the same bytes").isEqualTo(bundle.bytes());
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(DATA_DIR, "evidence-");
        java.nio.file.Path root = unzip(bundle.bytes(), dir);
        assertThat(root.resolve("release-scorecard.json")).exists();
        assertThat(root.resolve("evidence/policy-tests.json")).exists();
        assertThat(root.resolve("release/manifest.json")).exists();
        assertThat(java.nio.file.Files.readString(root.resolve("VERIFY.md"))).contains("sha256sum -c manifest.sha256").contains("openssl pkeyutl");

        String verify = """
                set -e
                openssl verify -CAfile certificates/ca.crt certificates/platform-signing.crt
                openssl x509 -in certificates/platform-signing.crt -pubkey -noout > platform.pub
                openssl pkeyutl -verify -pubin -inkey platform.pub -rawin -in dsse/pae.bin -sigfile dsse/signature.bin
                { printf 'DSSEv1 28 application/vnd.in-toto+json %s ' "$(wc -c < statement.intoto.json | tr -d ' ')"; cat statement.intoto.json; } | cmp - dsse/pae.bin
                grep -q "$(sha256sum manifest.sha256 | cut -d' ' -f1)" statement.intoto.json && echo "manifest is in the signed statement"
                sha256sum -c manifest.sha256
                """;
        Shell ok = sh(root, verify);
        assertThat(ok.code()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("Signature Verified Successfully").contains("manifest is in the signed statement")
                .contains("evidence/deterministic-export.json: OK").doesNotContain("FAILED");

        // One byte of a gate's evidence changed: sha256sum names the file.
        java.nio.file.Path evidence = root.resolve("evidence/deterministic-export.json");
        byte[] original = java.nio.file.Files.readAllBytes(evidence);
        byte[] changed = original.clone();
        changed[changed.length / 2] ^= 0x01;
        java.nio.file.Files.write(evidence, changed);
        Shell tampered = sh(root, "sha256sum -c manifest.sha256");
        assertThat(tampered.code()).isNotZero();
        assertThat(tampered.output()).contains("evidence/deterministic-export.json: FAILED");
        java.nio.file.Files.write(evidence, original);
        // One byte of the signed bytes changed: openssl refuses the signature.
        java.nio.file.Path pae = root.resolve("dsse/pae.bin");
        byte[] signed = java.nio.file.Files.readAllBytes(pae);
        signed[signed.length - 3] ^= 0x01;
        java.nio.file.Files.write(pae, signed);
        Shell forged = sh(root, "openssl pkeyutl -verify -pubin -inkey platform.pub -rawin -in dsse/pae.bin -sigfile dsse/signature.bin");
        assertThat(forged.code()).isNotZero();
        assertThat(forged.output()).contains("Signature Verification Failure");

        // The CLI saves the same bundle through the REST API.
        java.nio.file.Path saved = dir.resolve("cli.zip");
        String token = As.operator(() -> apiTokens.issue("releases-it evidence", Duration.ofHours(1))).token();
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = com.companyos.cli.CompanyOsCli.run(new String[]{"release", "evidence", version, "--out", saved.toString(), "--url", baseUrl(),
                "--token", token}, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        assertThat(java.nio.file.Files.readAllBytes(saved)).isEqualTo(bundle.bytes());

        // Sealed means immutable: the database refuses a change, whoever asks.
        UUID rollout = As.operator(() -> releases.scorecard(version, null)).rolloutId();
        assertThatThrownBy(() -> db.execute("update release_scorecard set verdict = 'go' where rollout_id = ?", rollout))
                .hasMessageContaining("sealed");
        assertThatThrownBy(() -> db.execute("delete from release_scorecard where rollout_id = ?", rollout)).hasMessageContaining("sealed");
    }

    @Test
    @Order(6)
    void a_release_never_canaried_has_a_scorecard_whose_canary_gates_did_not_run() {
        ReleaseScorecard card = As.operator(() -> releases.scorecard(builtin, null));
        assertThat(card.verdict()).isEqualTo(ReleaseScorecard.NO_GO);
        assertThat(statuses(card)).containsEntry("policy-tests", "pass").containsEntry("canary-completed", "not_run")
                .containsEntry("synthetic-green", "not_run");
        assertThatThrownBy(() -> As.operator(() -> releases.evidence(builtin, null))).isInstanceOf(ConflictException.class)
                .hasMessageContaining("no sealed scorecard");
        assertThatThrownBy(() -> As.operator(() -> releases.scorecard("no-such-" + suffix, null)))
                .isInstanceOf(com.companyos.base.NotFoundException.class);
    }

    // ------------------------------------------------------------------ helpers


    private static Map<String, String> statuses(ReleaseScorecard card) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        card.gates().forEach(g -> m.put(g.name(), g.status()));
        return m;
    }

    private static ScorecardGate gate(ReleaseScorecard card, String name) {
        return card.gates().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
    }

    private static java.nio.file.Path unzip(byte[] zip, java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path root = null;
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                java.nio.file.Path file = dir.resolve(e.getName()).normalize();
                assertThat(file.startsWith(dir)).isTrue();
                java.nio.file.Files.createDirectories(file.getParent());
                java.nio.file.Files.write(file, in.readAllBytes());
                if (root == null) {
                    root = dir.resolve(e.getName().substring(0, e.getName().indexOf('/')));
                }
            }
        }
        return root;
    }

    record Shell(int code, String output) {
    }

    private static Shell sh(java.nio.file.Path dir, String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Shell(p.exitValue(), output);
    }

    @Autowired
    org.jooq.DSLContext db;
    @Autowired
    com.companyos.security.ApiTokenService apiTokens;

    private com.companyos.support.ReleaseWaits waits() {
        return new com.companyos.support.ReleaseWaits(releases, agents, US_EAST);
    }

    private void awaitCanaryStopped() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (supervisor.canary(US_EAST).filter(p -> p.alive()).isEmpty()) {
                return;
            }
            sleep(300);
        }
        throw new AssertionError("The canary process did not stop after the abort");
    }

    @Autowired
    com.companyos.regions.LocalAgentSupervisor supervisor;
}
