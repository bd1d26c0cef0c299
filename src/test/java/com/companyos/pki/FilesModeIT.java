package com.companyos.pki;

import com.companyos.CompanyOsApplication;
import com.companyos.base.RegionId;
import com.companyos.base.db.EmbeddedDatabase;
import com.companyos.base.db.EmbeddedDatabaseSettings;
import com.companyos.regions.RegionHealthMonitor;
import com.companyos.regions.RegionState;
import com.companyos.regions.RegionStatus;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.ImageLayout;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The production path, from nothing but {@code --role=pki-init}'s output: pki-init runs as a process of the image's
 * layout ({@link ImageLayout}: the built jar's layers as {@code docker/Dockerfile} copies them), then two agents are
 * started from that layout the way a container runs them (configured only by the environment variables the compose
 * file and the Helm chart set, each given only its own {@code agents/<region>} folder), and a console in files mode
 * reads only {@code console/}. Each process has its own database, named by URL ({@code SPRING_DATASOURCE_URL}); to keep
 * the test cheap they are three databases of one PostgreSQL server. Nothing else is shared: no local CA exists.
 *
 * <p>Proved over real mutual TLS: the console sees both regions healthy (console → agent, each agent proving its region);
 * the agents took their policy bundles from the console's internal port (agent → console: the console's pki-init
 * certificate serves TLS; without a bundle every decision is a denial); a tenant is created across both regions and a
 * governed write is decided, stored and answered with a receipt signed by the key pki-init issued to eu-west. Neither
 * port admits a client without a CompanyOS certificate.
 */
class FilesModeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RegionId EU_WEST = RegionId.of("eu-west");
    private static final RegionId EU_CENTRAL = RegionId.of("eu-central");
    private static final Map<RegionId, Integer> AGENT_PORTS = new LinkedHashMap<>();
    private static final Map<RegionId, Integer> DATA_PORTS = new LinkedHashMap<>();
    private static final List<Process> AGENTS = new ArrayList<>();

    private static Path dir;
    private static Path pki;
    private static int internalPort;
    private static EmbeddedDatabase postgres;
    private static ConfigurableApplicationContext console;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of("target", "it-data").toAbsolutePath();
        Files.createDirectories(root);
        dir = Files.createTempDirectory(root, "files-mode-");
        pki = dir.resolve("pki");
        ImageLayout image = ImageLayout.extract(dir.resolve("image"));

        Process init = image.process(List.of(), List.of("--role=pki-init", "--pki-dir=" + pki, "--regions=eu-west,eu-central",
                        "--agent-host-names=localhost", "--console-host-names=localhost"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("pki-init.log").toFile()).start();
        assertThat(init.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(init.exitValue()).as(Files.readString(dir.resolve("pki-init.log"))).isZero();

        postgres = EmbeddedDatabase.start(new EmbeddedDatabaseSettings(dir.resolve("pg"), "files_console", 0, false));
        var sql = DSL.using(postgres.dataSource(), SQLDialect.POSTGRES);
        for (RegionId region : List.of(EU_WEST, EU_CENTRAL)) {
            sql.execute("create database " + database(region));
            AGENT_PORTS.put(region, ConsoleIT.freePort());
            DATA_PORTS.put(region, ConsoleIT.freePort());
        }
        internalPort = ConsoleIT.freePort();

        for (RegionId region : List.of(EU_WEST, EU_CENTRAL)) {
            ProcessBuilder agent = image.process(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                    List.of("--role=agent", "--region=" + region, "--companyos.agent.parent-pid=" + ProcessHandle.current().pid()));
            Map<String, String> env = agent.environment();
            env.put("COMPANYOS_AGENT_ZONE", "EU");
            env.put("COMPANYOS_AGENT_TLS_DIR", pki.resolve("agents").resolve(region.value()).toString());
            env.put("COMPANYOS_CONTROL_PLANE_URL", "https://localhost:" + internalPort);
            env.put("COMPANYOS_AGENT_PORT", String.valueOf(AGENT_PORTS.get(region)));
            env.put("COMPANYOS_AGENT_DATA_PORT", String.valueOf(DATA_PORTS.get(region)));
            env.put("COMPANYOS_DATA_DIR", dir.resolve("agent-" + region).toString());
            env.put("SPRING_DATASOURCE_URL", url(database(region)));
            env.put("SPRING_DATASOURCE_USERNAME", "postgres");
            env.put("SPRING_DATASOURCE_PASSWORD", "postgres");
            AGENTS.add(agent.redirectErrorStream(true).redirectOutput(dir.resolve("agent-" + region + ".log").toFile()).start());
        }

        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + url("files_console"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--companyos.data-dir=" + dir.resolve("console"),
                "--companyos.pki.mode=files",
                "--companyos.pki.directory=" + pki.resolve("console"),
                "--companyos.agents.local.enabled=false",
                "--companyos.internal.port=" + internalPort,
                "--companyos.regions.poll-interval=1s",
                "--companyos.probes.scheduled=false", "--companyos.demo.tenant=false",
                "--companyos.security.demo-accounts=false",
                // Not deployed here: stays down, as a region whose agent is missing does.
                "--companyos.regions.endpoints.us-east.url=https://localhost:" + ConsoleIT.freePort()));
        AGENT_PORTS.forEach((region, port) -> args.add("--companyos.regions.endpoints." + region + ".url=https://localhost:" + port));
        DATA_PORTS.forEach((region, port) -> args.add("--companyos.regions.endpoints." + region + ".data-url=https://localhost:" + port));
        console = new SpringApplicationBuilder(CompanyOsApplication.class).run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stop() throws Exception {
        if (console != null) {
            console.close();
        }
        AGENTS.forEach(Process::destroy);
        for (Process agent : AGENTS) {
            if (!agent.waitFor(20, TimeUnit.SECONDS)) {
                agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void pki_init_output_alone_starts_a_console_and_agents_that_talk_mutual_tls_and_decide_a_governed_write() throws Exception {
        assertThat(pki.resolve("console/ca.key")).doesNotExist();
        assertThat(pki.resolve("agents/eu-west/ca.key")).doesNotExist();
        RegionHealthMonitor monitor = console.getBean(RegionHealthMonitor.class);
        for (RegionId region : List.of(EU_WEST, EU_CENTRAL)) {
            RegionStatus status = awaitBundlesInForce(monitor, region);
            assertThat(status.state()).as(status.message()).isEqualTo(RegionState.HEALTHY);
            assertThat(status.policyBundles()).extracting(b -> b.channel()).contains("standard", "dcp");
        }

        TenantService tenants = console.getBean(TenantService.class);
        Tenant tenant = TestTenants.createUnlocked(tenants,
                TestTenants.request(TestTenants.slug("files"), false, "eu-west", "eu-central", null));
        String token = As.operator(() -> tenants.issueToken(tenant.slug(), "files-app")).token();
        DataApi app = new DataApi(pki.resolve("ca/ca.crt"), DATA_PORTS.get(EU_WEST), tenant.slug(), token);
        HttpResponse<String> put = app.put("customer-1", "{\"classification\":\"pii\",\"retentionPolicy\":\"none\",\"data\":\"Ada\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        HttpResponse<String> receipt = app.receipt(JSON.readTree(put.body()).path("receiptId").asText());
        assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
        JsonNode signed = JSON.readTree(receipt.body());
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(Pem.readCertificates(pki.resolve("agents/eu-west/region-eu-west-signing.crt")).get(0).getPublicKey());
        ed25519.update(signed.path("body").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(ed25519.verify(Base64.getDecoder().decode(signed.path("signature").asText()))).isTrue();
        assertThat(JSON.readTree(signed.path("body").asText()).path("regionOfProcessing").asText()).isEqualTo("eu-west");
    }

    @Test
    void the_agents_control_port_and_the_consoles_internal_port_refuse_a_client_without_a_companyos_certificate() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder().sslContext(DataApi.trusting(pki.resolve("ca/ca.crt")))
                .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        for (String url : List.of("https://localhost:" + AGENT_PORTS.get(EU_WEST) + "/agent/v1/health",
                "https://localhost:" + internalPort + "/internal/v1/policy/bundles/standard")) {
            awaitListening(URI.create(url));
            assertThatThrownBy(() -> anonymous.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString())).as(url).isInstanceOf(IOException.class);
        }
    }

    /** Healthy and enforcing both channels' bundles: taken from the console's internal port once both are up. */
    private static RegionStatus awaitBundlesInForce(RegionHealthMonitor monitor, RegionId region) throws IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        RegionStatus status;
        do {
            monitor.checkNow();
            status = monitor.status(region);
            if (status.state() == RegionState.HEALTHY && status.policyBundles().size() >= 2) {
                return status;
            }
            ConsoleIT.sleep(500);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError(region + " not healthy with its bundles within 120 s: " + status + "\n"
                + Files.readString(dir.resolve("agent-" + region + ".log")));
    }

    private static void awaitListening(URI url) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket(url.getHost(), url.getPort())) {
                return;
            } catch (IOException notYet) {
                ConsoleIT.sleep(500);
            }
        }
        throw new AssertionError("Nothing listens at " + url);
    }

    private static String database(RegionId region) {
        return "files_agent_" + region.value().replace('-', '_');
    }

    private static String url(String database) {
        return "jdbc:postgresql://localhost:" + postgres.port() + "/" + database;
    }
}
