package com.companyos.support;

import com.companyos.CompanyOsApplication;
import com.companyos.base.RegionId;
import com.companyos.regions.RegionHealthMonitor;
import com.companyos.regions.RegionState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base for integration tests that need the whole product as the embedded default runs it: the console on a random
 * port with its own embedded PostgreSQL, and the three region agents as real child processes (each with its own
 * PostgreSQL) on free ports, reached over mutual TLS. Nothing is stubbed. Every subclass shares one Spring context,
 * so the stack starts once per test run, in a fresh data folder under {@code target/it-data}.
 */
@SpringBootTest(classes = {CompanyOsApplication.class, ConsoleIT.TestClock.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ConsoleIT {

    // Before the port fields below, which are initialised with freePort().
    private static final java.util.Set<Integer> PORTS_HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The product's clock, movable by tests (see {@link MovableClock}). */
    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @org.springframework.context.annotation.Bean
        @org.springframework.context.annotation.Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    @Autowired
    protected MovableClock clock;

    public static final RegionId EU_WEST = RegionId.of("eu-west");
    public static final RegionId EU_CENTRAL = RegionId.of("eu-central");
    public static final RegionId US_EAST = RegionId.of("us-east");

    protected static final Path DATA_DIR = newDataDir();
    /**
     * The data folder starts as an older version left it: one PKI folder for every process, with eu-west's keys in it
     * (the other regions start fresh). Its receipt-signing key, to check that the upgrade moved it rather than
     * replacing it (AgentKeyFoldersIT).
     */
    protected static final String OLD_LAYOUT_EU_WEST_SIGNING_KEY = seedOldPkiLayout();
    protected static final Map<RegionId, Integer> AGENT_PORTS = new LinkedHashMap<>();
    protected static final Map<RegionId, Integer> DATA_PORTS = new LinkedHashMap<>();
    protected static final int INTERNAL_PORT = freePort();

    static {
        for (RegionId r : new RegionId[]{EU_WEST, EU_CENTRAL, US_EAST}) {
            AGENT_PORTS.put(r, freePort());
            DATA_PORTS.put(r, freePort());
        }
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected RegionHealthMonitor regionMonitor;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        registry.add("companyos.data-dir", DATA_DIR::toString);
        registry.add("companyos.agents.local.enabled", () -> "true");
        registry.add("companyos.security.demo-accounts", () -> "true");
        registry.add("companyos.regions.poll-interval", () -> "1s");
                // Probes run when a test asks (ProbesIT starts the dispatcher itself); pages go to real local receivers.
        registry.add("companyos.probes.scheduled", () -> "false");
        registry.add("companyos.probes.first-run-within", () -> "1s");
        registry.add("companyos.probes.retry-pause", () -> "100ms");
        registry.add("companyos.probes.backoff", () -> "200ms");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> PagingReceivers.SMTP_PORT);
        registry.add("companyos.demo.tenant", () -> "false");
        // Browsers may still hold push connections when the test JVM exits.
        registry.add("spring.lifecycle.timeout-per-shutdown-phase", () -> "2s");
        registry.add("companyos.internal.port", () -> INTERNAL_PORT);
        // SLOs: sampled every second, windows at 1/100 (the fast-burn rule's 1 h and 5 min run as 36 s and 3 s), and
        // the agents let the console inject faults (SloAlertsIT; every test that injects resets them in a finally block).
        registry.add("companyos.slo.sample-interval", () -> "1s");
        registry.add("companyos.slo.window-scale", () -> "0.01");
        registry.add("companyos.agents.local.agent-properties[companyos.agent.faults.runtime-control]", () -> "true");
        // Canary rollouts analysed every second with short steps (ReleasesIT, ReleaseDrillIT).
        registry.add("companyos.releases.analysis-interval", () -> "1s");
        registry.add("companyos.releases.step-min-duration", () -> "3s");
        registry.add("companyos.releases.step-min-requests", () -> "30");
        registry.add("companyos.releases.min-window-requests", () -> "10");
        registry.add("companyos.releases.max-inconclusive", () -> "90s");
        registry.add("companyos.releases.drain-delay", () -> "1s");
        AGENT_PORTS.forEach((region, p) ->
                registry.add("companyos.regions.endpoints." + region + ".url", () -> "https://localhost:" + p));
        DATA_PORTS.forEach((region, p) ->
                registry.add("companyos.regions.endpoints." + region + ".data-url", () -> "https://localhost:" + p));
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Waits until every region agent is healthy (agents boot in parallel with, and after, the console). */
    protected void awaitAllRegionsHealthy() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            regionMonitor.checkNow();
            if (regionMonitor.statuses().stream().allMatch(s -> s.state() == RegionState.HEALTHY)) {
                return;
            }
            sleep(500);
        }
        throw new AssertionError("Region agents not healthy within 120 s: " + regionMonitor.statuses());
    }

    /**
     * A new unlocked EU tenant in eu-west with residency evidence: three pii records written through the data API
     * (allowed) and one pii export to a US destination (denied).
     */
    protected static com.companyos.tenants.Tenant tenantWithEvidence(com.companyos.tenants.TenantService tenants, String prefix)
            throws Exception {
        com.companyos.tenants.Tenant tenant = TestTenants.createUnlocked(tenants,
                TestTenants.request(TestTenants.slug(prefix), false, "eu-west", "eu-central", null));
        String token = As.operator(() -> tenants.issueToken(tenant.slug(), prefix + "-app")).token();
        DataApi app = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), tenant.slug(), token);
        for (int i = 1; i <= 3; i++) {
            org.assertj.core.api.Assertions.assertThat(app.put("customer-" + i,
                    "{\"classification\":\"pii\",\"retentionPolicy\":\"none\",\"data\":\"person " + i + "\"}").statusCode()).isEqualTo(200);
        }
        org.assertj.core.api.Assertions.assertThat(app.post("exports", "{\"destination\":\"us-archive\",\"classification\":\"pii\"}")
                .statusCode()).isEqualTo(403);
        return tenant;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String seedOldPkiLayout() {
        com.companyos.pki.LocalCertificateAuthority ca = com.companyos.pki.LocalCertificateAuthority.openOrCreate(
                DATA_DIR.resolve("pki"), java.time.Clock.systemUTC());
        ca.ensureIdentity("region-eu-west", com.companyos.pki.SpiffeId.region(EU_WEST), java.util.EnumSet.of(
                com.companyos.pki.LocalCertificateAuthority.Usage.SERVER, com.companyos.pki.LocalCertificateAuthority.Usage.CLIENT),
                java.util.List.of("localhost", "127.0.0.1"));
        ca.ensureSigningKey("region-eu-west-signing", com.companyos.pki.SpiffeId.region(EU_WEST));
        try {
            return Files.readString(DATA_DIR.resolve("pki/region-eu-west-signing.key"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path newDataDir() {
        try {
            Path root = Path.of("target", "it-data").toAbsolutePath();
            Files.createDirectories(root);
            return Files.createTempDirectory(root, "run-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A port nobody listens on, for a server that starts later (an agent's API and data ports). Taken below the
     * operating system's ephemeral range (32768-60999 on Linux): a port the kernel hands out for {@code bind(0)} or an
     * outgoing connection — as each embedded PostgreSQL gets its port — could otherwise be taken by one of those in the
     * seconds before the agent binds it, and the agent would fail to start ("port already in use").
     */
    public static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20_000, 32_768);
            if (PORTS_HANDED_OUT.add(port)) {
                try (ServerSocket socket = new ServerSocket(port)) {
                    socket.setReuseAddress(true);
                    return port;
                } catch (IOException taken) {
                    // in use: try another
                }
            }
        }
        throw new IllegalStateException("No free port between 20000 and 32767");
    }
}
