package com.companyos.deploy;

import com.companyos.deploy.DeclaredProperties.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker/compose.yaml}, checked without Docker (none runs here): every variable and argument given to a
 * CompanyOS container is one its role reads ({@link DeclaredProperties}), the console and the agents point at each
 * other's ports, each process mounts exactly one secret volume of its own (read-only) and the CA key's volume is in
 * pki-init alone, and Keycloak is the version the tests run.
 */
class ComposeFileTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String IMAGE = "companyos/control-plane:dev";
    private static final Pattern AGENT_URL = Pattern.compile("COMPANYOS_AGENT_([A-Z_]+)_URL");
    private static final Pattern DATA_URL = Pattern.compile("COMPANYOS_DATA_([A-Z_]+)_URL");

    private final JsonNode services = read().path("services");

    @Test
    void every_variable_and_argument_of_a_companyos_container_is_one_its_role_reads() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, JsonNode> service : processes().entrySet()) {
            Role role = role(service.getValue());
            Map<String, String> env = environment(service.getValue());
            List<String> profiles = env.containsKey("SPRING_PROFILES_ACTIVE")
                    ? Arrays.stream(env.get("SPRING_PROFILES_ACTIVE").split(",")).map(String::trim).toList() : List.of();
            DeclaredProperties declared = DeclaredProperties.of(role, profiles);
            for (String variable : env.keySet()) {
                declared.problemWith(variable).ifPresent(p -> problems.add(service.getKey() + ": " + p));
                checked++;
            }
            for (String arg : command(service.getValue())) {
                String name = arg.substring(2, arg.contains("=") ? arg.indexOf('=') : arg.length());
                if (!name.equals("role") && !declared.readsProperty(name)) {
                    problems.add(service.getKey() + ": argument " + arg + " names no property of the " + role + " role");
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).isGreaterThan(20);
        assertThat(environment(services.path("pki-init"))).as("pki-init reads its arguments only").isEmpty();
    }

    @Test
    void the_console_reaches_every_agent_and_every_agent_the_consoles_internal_port() {
        String internalPort = DeclaredProperties.defaultOf(Role.CONSOLE, "companyos.internal.port");
        String agentPort = DeclaredProperties.defaultOf(Role.AGENT, "server.port");
        String dataPort = DeclaredProperties.defaultOf(Role.AGENT, "companyos.agent.data-port");
        Map<String, JsonNode> agents = new LinkedHashMap<>();
        JsonNode console = null;
        for (Map.Entry<String, JsonNode> service : processes().entrySet()) {
            if (role(service.getValue()) == Role.AGENT) {
                agents.put(region(service.getValue()), service.getValue());
                assertThat(environment(service.getValue()).get("COMPANYOS_CONTROL_PLANE_URL")).as(service.getKey())
                        .isEqualTo("https://console:" + internalPort);
                assertThat(service.getKey()).isEqualTo("agent-" + region(service.getValue()));
                assertThat(environment(service.getValue())).containsKeys("COMPANYOS_AGENT_ZONE", "SPRING_DATASOURCE_URL");
            } else {
                console = service.getValue();
            }
        }
        assertThat(console).isNotNull();
        assertThat(agents).hasSize(3);
        Map<String, String> env = environment(console);
        Set<String> controlUrls = new HashSet<>();
        Set<String> dataUrls = new HashSet<>();
        Set<String> publishedDataPorts = new HashSet<>();
        env.forEach((name, value) -> {
            Matcher control = AGENT_URL.matcher(name);
            Matcher data = DATA_URL.matcher(name);
            if (control.matches()) {
                String region = control.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
                assertThat(value).as(name).isEqualTo("https://agent-" + region + ":" + agentPort);
                controlUrls.add(region);
            } else if (data.matches()) {
                dataUrls.add(data.group(1).toLowerCase(Locale.ROOT).replace('_', '-'));
                publishedDataPorts.add(String.valueOf(URI.create(value).getPort()));
            }
        });
        assertThat(controlUrls).as("control URLs").isEqualTo(agents.keySet());
        assertThat(dataUrls).as("data URLs").isEqualTo(agents.keySet());
        Set<String> published = new HashSet<>();
        agents.values().forEach(agent -> agent.path("ports").forEach(p -> {
            String[] mapping = p.asText().split(":");
            if (mapping[1].equals(dataPort)) {
                published.add(mapping[0]);
            }
        }));
        assertThat(published).as("each data URL's port is an agent's published data port").isEqualTo(publishedDataPorts);
        assertThat(command(services.path("pki-init"))).contains("--regions=" + String.join(",", agents.keySet()));
    }

    @Test
    void each_process_mounts_only_its_own_secret_volume_read_only_and_the_ca_key_is_in_pki_init_alone() {
        Map<String, String> secretOf = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> service : processes().entrySet()) {
            List<JsonNode> secrets = new ArrayList<>();
            service.getValue().path("volumes").forEach(v -> {
                if (v.isObject() && v.path("source").asText().startsWith("pki-")) {
                    secrets.add(v);
                }
                assertThat(v.isTextual() && v.asText().startsWith("pki")).as(service.getKey() + " mounts " + v).isFalse();
            });
            assertThat(secrets).as(service.getKey()).hasSize(1);
            JsonNode secret = secrets.get(0);
            assertThat(secret.path("read_only").asBoolean()).as(service.getKey()).isTrue();
            Map<String, String> env = environment(service.getValue());
            String expected;
            if (role(service.getValue()) == Role.AGENT) {
                expected = "pki-" + region(service.getValue());
                assertThat(secret.path("target").asText()).isEqualTo(env.get("COMPANYOS_AGENT_TLS_DIR"));
            } else {
                expected = "pki-console";
                assertThat(secret.path("target").asText()).isEqualTo(env.get("COMPANYOS_PKI_DIR"));
                assertThat(env.get("COMPANYOS_PKI_MODE")).isEqualTo("files");
            }
            assertThat(secret.path("source").asText()).as(service.getKey()).isEqualTo(expected);
            secretOf.put(service.getKey(), expected);
        }
        assertThat(new HashSet<>(secretOf.values())).as("no two processes share one").hasSameSizeAs(secretOf.values());

        Map<String, String> initMounts = new LinkedHashMap<>();
        services.path("pki-init").path("volumes").forEach(v -> initMounts.put(v.asText().split(":")[0], v.asText().split(":")[1]));
        assertThat(initMounts.get("pki-ca")).isEqualTo("/pki/ca");
        assertThat(initMounts.get("pki-console")).isEqualTo("/pki/console");
        secretOf.forEach((service, volume) -> {
            if (!volume.equals("pki-console")) {
                assertThat(initMounts.get(volume)).isEqualTo("/pki/agents/" + volume.substring("pki-".length()));
            }
        });
        services.fields().forEachRemaining(s -> {
            if (!s.getKey().equals("pki-init") && !s.getKey().equals("pki-volumes")) {
                assertThat(s.getValue().path("volumes").toString()).as(s.getKey()).doesNotContain("pki-ca");
            }
        });
    }

    @Test
    void keycloak_is_the_version_the_tests_run() throws Exception {
        Matcher pinned = Pattern.compile("<keycloak.version>([^<]+)</keycloak.version>").matcher(Files.readString(Path.of("pom.xml")));
        assertThat(pinned.find()).isTrue();
        assertThat(services.path("keycloak").path("image").asText()).isEqualTo("quay.io/keycloak/keycloak:" + pinned.group(1));
    }

    @Test
    void the_relaxed_binding_check_refuses_what_a_role_does_not_read() {
        DeclaredProperties console = DeclaredProperties.of(Role.CONSOLE, List.of());
        DeclaredProperties agent = DeclaredProperties.of(Role.AGENT, List.of());
        assertThat(console.problemWith("SPRING_DATASOURCE_URL")).isEmpty();
        assertThat(console.problemWith("COMPANYOS_REGIONS_ENDPOINTS_EUWEST_DATAURL")).isEmpty();
        assertThat(console.problemWith("COMPANYOS_AGENT_EU_WEST_URL")).isEmpty();
        assertThat(console.problemWith("COMPANYOS_APPROVALS_EXPIRY")).isEmpty();
        assertThat(console.problemWith("SPRING_DATASOURCE_URLL")).isPresent();
        assertThat(console.problemWith("COMPANYOS_AGENT_ZONE")).isPresent();
        assertThat(console.problemWith("KEYCLOAK_ISSUER_URI")).isPresent();
        assertThat(DeclaredProperties.of(Role.CONSOLE, List.of("keycloak")).problemWith("KEYCLOAK_ISSUER_URI")).isEmpty();
        assertThat(agent.problemWith("COMPANYOS_AGENT_ZONE")).isEmpty();
        assertThat(agent.problemWith("COMPANYOS_AGENT_REFUSALSPERMINUTE")).isEmpty();
        assertThat(agent.problemWith("COMPANYOS_AGENT_EU_WEST_URL")).isPresent();
        assertThat(agent.problemWith("COMPANYOS_PKI_DIR")).isPresent();
    }

    /** The services that run the product's JVM: the image with a {@code --role=console|agent} command. */
    private Map<String, JsonNode> processes() {
        Map<String, JsonNode> result = new LinkedHashMap<>();
        services.fields().forEachRemaining(s -> {
            JsonNode command = s.getValue().path("command");
            if (s.getValue().path("image").asText().equals(IMAGE) && command.isArray()
                    && (command.get(0).asText().equals("--role=console") || command.get(0).asText().equals("--role=agent"))) {
                result.put(s.getKey(), s.getValue());
            }
        });
        return result;
    }

    private static Role role(JsonNode service) {
        return service.path("command").get(0).asText().equals("--role=agent") ? Role.AGENT : Role.CONSOLE;
    }

    private static String region(JsonNode service) {
        return command(service).stream().filter(a -> a.startsWith("--region=")).findFirst().orElseThrow().substring("--region=".length());
    }

    private static List<String> command(JsonNode service) {
        List<String> args = new ArrayList<>();
        service.path("command").forEach(a -> args.add(a.asText()));
        return args;
    }

    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    private static JsonNode read() {
        try {
            return YAML.readTree(Path.of("docker", "compose.yaml").toFile());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
