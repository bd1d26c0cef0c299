package com.companyos.deploy;

import com.companyos.deploy.DeclaredProperties.Role;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker/Dockerfile}'s static facts (no Docker engine here; FilesModeIT runs its layer layout and entry point):
 * it runs as a non-root user, exposes every port either role listens on, checks readiness on the management port,
 * and the build commands written in {@code docker/} name only Maven profiles that exist.
 */
class DockerfileTest {

    private final String dockerfile = read(Path.of("docker", "Dockerfile"));

    @Test
    void the_image_runs_as_a_numeric_non_root_user() {
        List<String> users = lines("USER");
        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).split(":")[0];
        assertThat(user).matches("[0-9]+").isNotEqualTo("0");
    }

    @Test
    void every_port_either_role_listens_on_is_exposed() {
        Set<String> exposed = new HashSet<>();
        lines("EXPOSE").forEach(l -> exposed.addAll(Arrays.asList(l.split("\\s+"))));
        assertThat(exposed).contains(
                DeclaredProperties.defaultOf(Role.CONSOLE, "server.port"),
                DeclaredProperties.defaultOf(Role.CONSOLE, "companyos.internal.port"),
                DeclaredProperties.defaultOf(Role.AGENT, "server.port"),
                DeclaredProperties.defaultOf(Role.AGENT, "companyos.agent.data-port"),
                managementPort());
    }

    @Test
    void the_health_check_asks_the_readiness_group_on_the_management_port() {
        List<String> checks = lines("HEALTHCHECK");
        assertThat(checks).hasSize(1);
        assertThat(checks.get(0)).contains("/actuator/health/readiness").contains("${MANAGEMENT_SERVER_PORT}").contains(" 200 ");
        assertThat(managementPort()).matches("[0-9]+");
    }

    @Test
    void the_build_commands_name_only_maven_profiles_that_exist() throws Exception {
        Set<String> profiles = new HashSet<>();
        Matcher id = Pattern.compile("<profile>\\s*<id>([^<]+)</id>").matcher(read(Path.of("pom.xml")));
        while (id.find()) {
            profiles.add(id.group(1));
        }
        List<String> named = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("docker"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher p = Pattern.compile("mvnw[^\\n]*?\\s-P([A-Za-z0-9,_-]+)").matcher(read(file));
                while (p.find()) {
                    named.addAll(Arrays.asList(p.group(1).split(",")));
                }
            }
        }
        assertThat(profiles).containsAll(named);
        assertThat(dockerfile).contains("./mvnw package");
    }

    private String managementPort() {
        Matcher port = Pattern.compile("MANAGEMENT_SERVER_PORT=([0-9]+)").matcher(dockerfile);
        assertThat(port.find()).as("the image sets MANAGEMENT_SERVER_PORT").isTrue();
        return port.group(1);
    }

    /** The arguments of every instruction {@code name}, continuation lines joined. */
    private List<String> lines(String name) {
        List<String> result = new ArrayList<>();
        for (String instruction : dockerfile.replace("\\\n", " ").split("\n")) {
            if (instruction.startsWith(name + " ")) {
                result.add(instruction.substring(name.length() + 1).trim());
            }
        }
        return result;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
