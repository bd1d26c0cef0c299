package com.companyos.deploy;

import com.companyos.deploy.DeclaredProperties.Role;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart {@code deploy/helm/companyos}, rendered with its own values by {@link ChartRenderer} (no helm binary
 * here; untested on a real cluster) and checked for what the deployment relies on: a console Deployment behind an
 * Ingress with sticky sessions, one agent StatefulSet per region with a persistent volume, database URLs and other
 * secrets only from Secrets, probes on the Actuator health groups at the management port, each pod with only its own
 * PKI Secret, every variable and argument one its role reads, and NetworkPolicies that keep agents' control ports to
 * the console and the agents.
 */
class HelmChartTest {

    private static final String RELEASE = "companyos";
    private final List<JsonNode> manifests = new ChartRenderer(RELEASE).render();
    private final List<String> regions = regions();

    @Test
    void the_console_runs_several_instances_behind_an_ingress_with_sticky_sessions_and_tls() {
        JsonNode console = one("Deployment", RELEASE + "-console");
        assertThat(console.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode ingress = one("Ingress", RELEASE + "-console");
        assertThat(ingress.at("/metadata/annotations/nginx.ingress.kubernetes.io~1affinity").asText()).isEqualTo("cookie");
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isNotBlank();
        JsonNode backend = ingress.at("/spec/rules/0/http/paths/0/backend/service");
        JsonNode service = one("Service", backend.path("name").asText());
        assertThat(selects(service, console)).isTrue();
        assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo(backend.at("/port/name").asText()).isEqualTo("http");
        assertThat(containerPort(console, "http")).isEqualTo(Integer.parseInt(DeclaredProperties.defaultOf(Role.CONSOLE, "server.port")));
    }

    @Test
    void each_region_has_a_statefulset_with_a_persistent_volume_and_the_console_reaches_it() {
        JsonNode console = one("Deployment", RELEASE + "-console");
        List<String> args = args(console);
        for (String region : regions) {
            JsonNode agent = one("StatefulSet", RELEASE + "-agent-" + region);
            assertThat(args(agent)).contains("--role=agent", "--region=" + region);
            JsonNode claim = agent.at("/spec/volumeClaimTemplates/0");
            assertThat(claim.at("/spec/resources/requests/storage").asText()).isNotBlank();
            assertThat(mountPath(agent, claim.at("/metadata/name").asText())).isEqualTo(env(agent).get("COMPANYOS_DATA_DIR"));
            assertThat(one("Service", agent.at("/spec/serviceName").asText()).at("/spec/clusterIP").asText()).isEqualTo("None");

            String url = value(args, "--companyos.regions.endpoints." + region + ".url=");
            Matcher target = Pattern.compile("https://([a-z0-9-]+):(\\d+)").matcher(url);
            assertThat(target.matches()).as(url).isTrue();
            JsonNode control = one("Service", target.group(1));
            assertThat(selects(control, agent)).isTrue();
            assertThat(servicePortTarget(control, Integer.parseInt(target.group(2)))).isEqualTo("control");
            assertThat(containerPort(agent, "control")).isEqualTo(Integer.parseInt(DeclaredProperties.defaultOf(Role.AGENT, "server.port")));
            assertThat(containerPort(agent, "data")).isEqualTo(Integer.parseInt(DeclaredProperties.defaultOf(Role.AGENT, "companyos.agent.data-port")));
            assertThat(value(args, "--companyos.regions.endpoints." + region + ".data-url=")).startsWith("https://");
            assertThat(value(args, "--companyos.regions.endpoints." + region + ".zone=")).isEqualTo(env(agent).get("COMPANYOS_AGENT_ZONE"));

            Matcher internal = Pattern.compile("https://([a-z0-9-]+):(\\d+)").matcher(env(agent).get("COMPANYOS_CONTROL_PLANE_URL"));
            assertThat(internal.matches()).isTrue();
            JsonNode internalService = one("Service", internal.group(1));
            assertThat(selects(internalService, console)).isTrue();
            assertThat(internal.group(2)).isEqualTo(DeclaredProperties.defaultOf(Role.CONSOLE, "companyos.internal.port"));
            assertThat(servicePortTarget(internalService, Integer.parseInt(internal.group(2)))).isEqualTo("internal");
        }
    }

    @Test
    void databases_and_client_secrets_come_from_secrets_and_each_pod_mounts_only_its_own_pki_secret() {
        Set<String> pkiSecrets = new TreeSet<>();
        for (JsonNode workload : workloads()) {
            JsonNode container = workload.at("/spec/template/spec/containers/0");
            for (JsonNode variable : container.path("env")) {
                String name = variable.path("name").asText();
                if (name.startsWith("SPRING_DATASOURCE_") || name.endsWith("_SECRET") || name.endsWith("_PASSWORD")) {
                    assertThat(variable.has("value")).as(name).isFalse();
                    assertThat(variable.at("/valueFrom/secretKeyRef/name").asText()).as(name).isNotBlank();
                }
            }
            List<JsonNode> secrets = new ArrayList<>();
            workload.at("/spec/template/spec/volumes").forEach(v -> {
                if (v.has("secret")) {
                    secrets.add(v);
                }
            });
            assertThat(secrets).as(name(workload)).hasSize(1);
            String mount = mountPath(workload, secrets.get(0).path("name").asText());
            boolean agent = name(workload).contains("-agent-");
            assertThat(mount).isEqualTo(env(workload).get(agent ? "COMPANYOS_AGENT_TLS_DIR" : "COMPANYOS_PKI_DIR"));
            pkiSecrets.add(secrets.get(0).at("/secret/secretName").asText());
            JsonNode security = workload.at("/spec/template/spec/securityContext");
            assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
            assertThat(security.path("runAsUser").asInt()).isNotZero();
        }
        assertThat(pkiSecrets).as("one PKI Secret per process").hasSize(regions.size() + 1);
        assertThat(env(one("Deployment", RELEASE + "-console")).get("COMPANYOS_PKI_MODE")).isEqualTo("files");
    }

    @Test
    void probes_ask_the_actuator_health_groups_on_the_management_port() {
        for (JsonNode workload : workloads()) {
            JsonNode container = workload.at("/spec/template/spec/containers/0");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/readiness");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
            assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("management");
            assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("management");
            assertThat(String.valueOf(containerPort(workload, "management"))).isEqualTo(env(workload).get("MANAGEMENT_SERVER_PORT"));
        }
    }

    @Test
    void every_variable_and_argument_is_one_the_pods_role_reads() {
        List<String> problems = new ArrayList<>();
        for (JsonNode workload : workloads()) {
            Role role = args(workload).contains("--role=agent") ? Role.AGENT : Role.CONSOLE;
            Map<String, String> env = env(workload);
            DeclaredProperties declared = DeclaredProperties.of(role,
                    env.containsKey("SPRING_PROFILES_ACTIVE") ? List.of(env.get("SPRING_PROFILES_ACTIVE").split(",")) : List.of());
            workload.at("/spec/template/spec/containers/0/env").forEach(v ->
                    declared.problemWith(v.path("name").asText()).ifPresent(p -> problems.add(name(workload) + ": " + p)));
            for (String arg : args(workload)) {
                String property = arg.substring(2, arg.contains("=") ? arg.indexOf('=') : arg.length());
                if (!property.equals("role") && !declared.readsProperty(property)) {
                    problems.add(name(workload) + ": argument " + arg + " names no property of the " + role + " role");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void only_the_console_and_the_agents_reach_an_agents_control_port() {
        JsonNode policy = one("NetworkPolicy", RELEASE + "-agents");
        JsonNode console = one("Deployment", RELEASE + "-console");
        int controlPort = Integer.parseInt(DeclaredProperties.defaultOf(Role.AGENT, "server.port"));
        for (String region : regions) {
            assertThat(selectsPods(policy.at("/spec/podSelector/matchLabels"), one("StatefulSet", RELEASE + "-agent-" + region))).isTrue();
        }
        assertThat(policy.at("/spec/policyTypes").toString()).contains("Ingress");
        List<JsonNode> controlRules = new ArrayList<>();
        policy.at("/spec/ingress").forEach(rule -> rule.path("ports").forEach(p -> {
            if (p.path("port").asInt() == controlPort) {
                controlRules.add(rule);
            }
        }));
        assertThat(controlRules).hasSize(1);
        JsonNode from = controlRules.get(0).path("from");
        assertThat(from.isArray() && !from.isEmpty()).as("a control-port rule without 'from' admits everyone").isTrue();
        for (JsonNode peer : from) {
            assertThat(peer.has("ipBlock") || peer.has("namespaceSelector")).as(peer.toString()).isFalse();
            JsonNode labels = peer.at("/podSelector/matchLabels");
            boolean consolePods = selectsPods(labels, console);
            boolean agentPods = regions.stream().anyMatch(r -> selectsPods(labels, one("StatefulSet", RELEASE + "-agent-" + r)));
            assertThat(consolePods || agentPods).as(peer.toString()).isTrue();
            assertThat(labels.path("app.kubernetes.io/component").asText()).isIn("console", "agent");
        }
    }

    @Test
    void the_chart_version_follows_the_build() throws Exception {
        Matcher version = Pattern.compile("<artifactId>companyos-control-plane</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(version.find()).isTrue();
        String chart = Files.readString(ChartRenderer.CHART.resolve("Chart.yaml"));
        assertThat(chart).contains("appVersion: \"" + version.group(1) + "\"");
    }

    private List<JsonNode> workloads() {
        return manifests.stream().filter(m -> Set.of("Deployment", "StatefulSet").contains(m.path("kind").asText())).toList();
    }

    private JsonNode one(String kind, String name) {
        List<JsonNode> found = manifests.stream()
                .filter(m -> m.path("kind").asText().equals(kind) && name(m).equals(name)).toList();
        assertThat(found).as(kind + " " + name).hasSize(1);
        return found.get(0);
    }

    private static String name(JsonNode manifest) {
        return manifest.at("/metadata/name").asText();
    }

    private static boolean selects(JsonNode service, JsonNode workload) {
        return selectsPods(service.at("/spec/selector"), workload);
    }

    private static boolean selectsPods(JsonNode selector, JsonNode workload) {
        JsonNode labels = workload.at("/spec/template/metadata/labels");
        if (selector.isEmpty()) {
            return false;
        }
        Map<String, String> wanted = new HashMap<>();
        selector.fields().forEachRemaining(e -> wanted.put(e.getKey(), e.getValue().asText()));
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.path(e.getKey()).asText()));
    }

    private static String servicePortTarget(JsonNode service, int port) {
        for (JsonNode p : service.at("/spec/ports")) {
            if (p.path("port").asInt() == port) {
                return p.path("targetPort").asText();
            }
        }
        throw new AssertionError(name(service) + " has no port " + port);
    }

    private static int containerPort(JsonNode workload, String name) {
        for (JsonNode p : workload.at("/spec/template/spec/containers/0/ports")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError(name(workload) + " has no port named " + name);
    }

    private static String mountPath(JsonNode workload, String volume) {
        for (JsonNode m : workload.at("/spec/template/spec/containers/0/volumeMounts")) {
            if (m.path("name").asText().equals(volume)) {
                return m.path("mountPath").asText();
            }
        }
        throw new AssertionError(name(workload) + " does not mount " + volume);
    }

    private static List<String> args(JsonNode workload) {
        List<String> args = new ArrayList<>();
        workload.at("/spec/template/spec/containers/0/args").forEach(a -> args.add(a.asText()));
        return args;
    }

    private static String value(List<String> args, String prefix) {
        return args.stream().filter(a -> a.startsWith(prefix)).findFirst().map(a -> a.substring(prefix.length()))
                .orElseThrow(() -> new AssertionError("no argument " + prefix));
    }

    private static Map<String, String> env(JsonNode workload) {
        Map<String, String> env = new HashMap<>();
        workload.at("/spec/template/spec/containers/0/env").forEach(v -> env.put(v.path("name").asText(), v.path("value").asText()));
        return env;
    }

    private List<String> regions() {
        List<String> ids = new ArrayList<>();
        manifests.stream().filter(m -> m.path("kind").asText().equals("StatefulSet"))
                .forEach(m -> ids.add(m.at("/metadata/labels/companyos.io~1region").asText()));
        assertThat(ids).hasSize(3);
        return ids;
    }
}
