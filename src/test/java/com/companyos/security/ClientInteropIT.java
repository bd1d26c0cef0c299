package com.companyos.security;

import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant applications are not written in Java: the data port must work for the clients tenants actually run, over TLS
 * 1.3 with the CompanyOS CA. Each client here is a stock tool or standard library from Debian, run as its own process
 * against a real agent: curl (OpenSSL), Python 3's {@code ssl} + {@code http.client}, and Go's {@code net/http}
 * ({@code src/test/go/interop}, built here with the machine's Go; a Go client once failed the handshake with
 * {@code remote error: tls: illegal parameter}, issue #21). Every client writes a record, reads it back, is refused a
 * body over the 1 MiB cap with 413 and can go on afterwards, and is refused a wrong token with 401, each answer checked
 * exactly. A missing tool fails the test with the Debian package to install.
 *
 * <p>Applications also address agents by their fully qualified name with its trailing dot (as resolvers are told not to
 * try search domains). Python sends that name as the TLS server name (SNI) as it is, and the JVM's TLS server, which
 * accepts strict DNS host names only, refused the handshake with {@code illegal_parameter}; the data port serves one
 * certificate whatever the name, and now ignores it (curl and Go drop the dot from the server name).
 */
class ClientInteropIT extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CAP = 1024 * 1024;
    /** A JSON record whose data alone is over the cap: its declared length is refused before a byte is read. */
    private static final int TOO_BIG = CAP + 1024;
    private static final Path WORK = Path.of("target", "client-interop").toAbsolutePath();
    /** The agent's host name with the trailing dot of a fully qualified name, which JSSE's strict SNI parsing refused. */
    private static final String DOTTED_NAME = "localhost.";

    @Autowired
    TenantService tenants;

    static Tenant tenant;
    static String token;

    @BeforeEach
    void tenant() {
        awaitAllRegionsHealthy();
        if (tenant == null) {
            tenant = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("interop"), false, "eu-west", "eu-central", null));
            token = As.operator(() -> tenants.issueToken(tenant.slug(), "interop-app")).token();
        }
    }

    @Test
    void curl_writes_reads_and_is_refused_exactly_as_the_data_api_says() throws Exception {
        String curl = tool("curl", "curl");
        String key = "curl-" + UUID.randomUUID().toString().substring(0, 8);
        String data = "written by curl";
        Path put = write(key + ".json", JSON.writeValueAsString(Map.of("classification", "internal", "retentionPolicy", "none", "data", data)));
        Path big = write(key + "-big.json", tooBigRecord());
        assertInterop("curl", curlSteps(curl, key, put, big, "localhost", List.of("--cacert", ca())), key, data);
    }

    @Test
    void curl_reaches_the_data_port_by_a_fully_qualified_name_with_its_trailing_dot() throws Exception {
        String curl = tool("curl", "curl");
        String key = "curl-fqdn-" + UUID.randomUUID().toString().substring(0, 8);
        String data = "written by curl as " + DOTTED_NAME;
        Path put = write(key + ".json", JSON.writeValueAsString(Map.of("classification", "internal", "retentionPolicy", "none", "data", data)));
        Path big = write(key + "-big.json", tooBigRecord());
        List<String> tls = List.of("--cacert", ca(), "--resolve", DOTTED_NAME + ":" + DATA_PORTS.get(EU_WEST) + ":127.0.0.1");
        assertInterop("curl as " + DOTTED_NAME, curlSteps(curl, key, put, big, DOTTED_NAME, tls), key, data);
    }

    private List<Step> curlSteps(String curl, String key, Path put, Path big, String host, List<String> tls) throws Exception {
        List<Step> steps = new ArrayList<>();
        steps.add(curl(curl, "put", "PUT", key, token, put, host, tls));
        steps.add(curl(curl, "get", "GET", key, token, null, host, tls));
        steps.add(curl(curl, "too-big", "PUT", key + "-big", token, big, host, tls));
        steps.add(curl(curl, "after-too-big", "GET", key, token, null, host, tls));
        steps.add(curl(curl, "wrong-token", "GET", key, "not-a-token", null, host, tls));
        return steps;
    }

    @Test
    void python_writes_reads_and_is_refused_exactly_as_the_data_api_says() throws Exception {
        String python = tool("python3", "python3");
        String key = "python-" + UUID.randomUUID().toString().substring(0, 8);
        String data = "written by Python";
        Run run = run(List.of(python, Path.of("src/test/python/interop.py").toAbsolutePath().toString(), tenantBase(),
                ca(), token, key, data, Integer.toString(TOO_BIG)), Map.of());
        assertInterop("python", steps(run), key, data);
    }

    @Test
    void python_reaches_the_data_port_by_a_fully_qualified_name_with_its_trailing_dot() throws Exception {
        String python = tool("python3", "python3");
        String key = "python-fqdn-" + UUID.randomUUID().toString().substring(0, 8);
        String data = "written by Python as " + DOTTED_NAME;
        Run run = run(List.of(python, Path.of("src/test/python/interop.py").toAbsolutePath().toString(), tenantBase(),
                ca(), token, key, data, Integer.toString(TOO_BIG), DOTTED_NAME), Map.of());
        assertInterop("python as " + DOTTED_NAME, steps(run), key, data);
    }

    @Test
    void go_writes_reads_and_is_refused_exactly_as_the_data_api_says() throws Exception {
        String go = tool("go", "golang-go");
        String client = buildGoClient(go);
        String key = "go-" + UUID.randomUUID().toString().substring(0, 8);
        String data = "written by Go";
        Run run = run(List.of(client, "-base", tenantBase(), "-ca", ca(), "-token", token, "-key", key, "-data", data,
                "-big", Integer.toString(TOO_BIG)), Map.of());
        assertInterop("go", steps(run), key, data);
    }

    @Test
    void go_reaches_the_data_port_by_a_fully_qualified_name_with_its_trailing_dot() throws Exception {
        String go = tool("go", "golang-go");
        String client = buildGoClient(go);
        String key = "go-fqdn-" + UUID.randomUUID().toString().substring(0, 8);
        String data = "written by Go as " + DOTTED_NAME;
        Run run = run(List.of(client, "-base", tenantBase(), "-ca", ca(), "-token", token, "-key", key, "-data", data,
                "-big", Integer.toString(TOO_BIG), "-name", DOTTED_NAME), Map.of());
        assertInterop("go as " + DOTTED_NAME, steps(run), key, data);
    }

    /** What every client must see, step by step, in the data API's exact words. */
    private void assertInterop(String client, List<Step> steps, String key, String data) throws Exception {
        assertThat(steps).as(client + " steps").extracting(Step::step)
                .containsExactly("put", "get", "too-big", "after-too-big", "wrong-token");
        for (Step s : steps) {
            assertThat(s.error()).as(client + " " + s.step() + " failed").isNull();
            assertThat(s.tls()).as(client + " " + s.step() + ": TLS version").isEqualTo("TLSv1.3");
        }
        String recordPath = "/data/v1/tenants/" + tenant.slug() + "/records/" + key;

        Step put = steps.get(0);
        assertThat(put.status()).as(client + " put: " + put.body()).isEqualTo(200);
        JsonNode stored = JSON.readTree(put.body());
        assertThat(stored.path("key").asText()).isEqualTo(key);
        assertThat(stored.get("data").isNull()).as("a write's answer does not echo the data: " + put.body()).isTrue();
        assertThat(stored.path("classification").asText()).isEqualTo("internal");
        assertThat(stored.path("region").asText()).isEqualTo("eu-west");
        assertThat(stored.path("payloadSha256").asText()).matches("[0-9a-f]{64}");

        for (Step get : List.of(steps.get(1), steps.get(3))) {
            assertThat(get.status()).as(client + " " + get.step() + ": " + get.body()).isEqualTo(200);
            JsonNode read = JSON.readTree(get.body());
            assertThat(read.path("key").asText()).isEqualTo(key);
            assertThat(read.path("data").asText()).isEqualTo(data);
            assertThat(read.path("payloadSha256").asText()).isEqualTo(stored.path("payloadSha256").asText());
        }

        Step tooBig = steps.get(2);
        assertThat(tooBig.status()).as(client + " too-big: " + tooBig.body()).isEqualTo(413);
        assertThat(JSON.readTree(tooBig.body())).isEqualTo(JSON.readTree(problem(413, "Payload Too Large",
                "The request body is larger than this region accepts (1048576 bytes); store large content in smaller records",
                recordPath + "-big")));

        Step wrongToken = steps.get(4);
        assertThat(wrongToken.status()).as(client + " wrong-token: " + wrongToken.body()).isEqualTo(401);
        assertThat(JSON.readTree(wrongToken.body())).isEqualTo(JSON.readTree(problem(401, "Unauthorized",
                "The tenant API token is unknown or revoked", recordPath)));
    }

    private static String problem(int status, String title, String detail, String instance) throws IOException {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        p.put("instance", instance);
        return JSON.writeValueAsString(p);
    }

    /** One curl process per step, as a shell script would call it; TLS 1.3 at least, with {@code tls}'s trust. */
    private Step curl(String curl, String step, String method, String key, String bearer, Path body, String host, List<String> tls)
            throws Exception {
        Path answer = WORK.resolve(key + "-" + step + ".answer");
        Files.deleteIfExists(answer);
        List<String> command = new ArrayList<>(List.of(curl, "-sS", "-v", "--tlsv1.3"));
        command.addAll(tls);
        command.addAll(List.of("-X", method, "-H", "Authorization: Bearer " + bearer, "-o", answer.toString(), "-w", "%{http_code}"));
        if (body != null) {
            command.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", "@" + body));
        }
        command.add(tenantBase().replace("//localhost:", "//" + host + ":") + "/records/" + key);
        Run run = run(command, Map.of());
        if (run.code() != 0) {
            return new Step(step, 0, null, null, "curl exited with " + run.code() + ": " + run.stderr());
        }
        Matcher version = Pattern.compile("SSL connection using (TLSv[0-9.]+)").matcher(run.stderr());
        return new Step(step, Integer.parseInt(run.stdout().trim()), version.find() ? version.group(1) : "none",
                Files.readString(answer, StandardCharsets.UTF_8), null);
    }

    /** Builds the Go client into target/ with the machine's Go; its caches stay under target/, no module is fetched. */
    private static String buildGoClient(String go) throws Exception {
        Path out = WORK.resolve("go-interop");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GOCACHE", WORK.resolve("go/cache").toString());
        env.put("GOPATH", WORK.resolve("go/path").toString());
        env.put("GOMODCACHE", WORK.resolve("go/path/pkg/mod").toString());
        env.put("GOPROXY", "off");
        env.put("GOFLAGS", "-mod=mod");
        env.put("GO111MODULE", "on");
        env.put("CGO_ENABLED", "0");
        Run build = run(List.of(go, "build", "-o", out.toString(), "."), env, Path.of("src/test/go/interop").toAbsolutePath());
        assertThat(build.code()).as("go build of src/test/go/interop: " + build.stdout() + build.stderr()).isZero();
        return out.toString();
    }

    private String tenantBase() {
        return "https://localhost:" + DATA_PORTS.get(EU_WEST) + "/data/v1/tenants/" + tenant.slug();
    }

    private static String ca() {
        return DATA_DIR.resolve("pki/ca.crt").toString();
    }

    private static String tooBigRecord() {
        return "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"" + "x".repeat(TOO_BIG) + "\"}";
    }

    private static Path write(String name, String content) throws IOException {
        Files.createDirectories(WORK);
        return Files.writeString(WORK.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** The executable {@code name} on the PATH; fails (never skips) with the Debian package that provides it. */
    private static String tool(String name, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(name + " is not installed (not on the PATH); install the Debian package: apt-get install -y "
                + debianPackage);
    }

    /** A client's step as it printed it (one JSON line), or as this test read curl's answer. */
    record Step(String step, int status, String tls, String body, String error) {
    }

    record Run(int code, String stdout, String stderr) {
    }

    private static List<Step> steps(Run run) throws IOException {
        assertThat(run.code()).as("client exit code; stderr: " + run.stderr()).isZero();
        List<Step> steps = new ArrayList<>();
        for (String line : run.stdout().split("\n")) {
            if (!line.isBlank()) {
                JsonNode s = JSON.readTree(line);
                steps.add(new Step(s.path("step").asText(), s.path("status").asInt(), s.path("tls").asText(null),
                        s.path("body").asText(null), s.path("error").asText(null)));
            }
        }
        return steps;
    }

    private static Run run(List<String> command, Map<String, String> env) throws Exception {
        return run(command, env, WORK);
    }

    private static Run run(List<String> command, Map<String, String> env, Path dir) throws Exception {
        Files.createDirectories(WORK);
        Path stdout = Files.createTempFile(WORK, "out", ".txt");
        Path stderr = Files.createTempFile(WORK, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Timed out: " + String.join(" ", command));
        }
        return new Run(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }
}
