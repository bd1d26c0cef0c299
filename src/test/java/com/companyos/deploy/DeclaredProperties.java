package com.companyos.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration one role of the application reads, collected from the code and its property files, so that a
 * deployment's environment can be checked without starting it: the keys of the role's property files
 * ({@code application[-profile].properties} for the console, {@code agent.properties} for the agent), the environment
 * variables those files name as placeholders ({@code ${COMPANYOS_PKI_MODE:local-ca}}), the properties of every
 * {@code @ConfigurationProperties} record and every {@code @Value} placeholder in the role's packages, and Spring
 * Boot's own properties (its {@code spring-configuration-metadata.json}). An environment variable is read when it is
 * one of those placeholders or, by Spring's relaxed binding, names one of those properties
 * ({@code SPRING_DATASOURCE_URL} → {@code spring.datasource.url}).
 */
final class DeclaredProperties {

    /** Read by the JVM, not by Spring. */
    private static final Set<String> PROCESS_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "TZ");
    /**
     * Spring Boot Actuator's management port, which the deployment files set (issue 22: health groups on a management
     * port) before Actuator is on this branch's class path. Accepted only while it is absent; once it is there, Boot's
     * metadata names the property and this exception does nothing (delete it then).
     */
    private static final Set<String> ACTUATOR_VARIABLES = isPresent("org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties")
            ? Set.of() : Set.of("MANAGEMENT_SERVER_PORT");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-\\[\\]]+)");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final String ROOT = "com.companyos";
    private static final String AGENT_PACKAGE = ROOT + ".agent";
    private static final String SHARED_PACKAGE = ROOT + ".base";

    /** The two roles, as {@code --role=} names them. */
    enum Role { CONSOLE, AGENT }

    private static final Map<Role, Set<String>> CODE_PROPERTIES = codeProperties();
    private static final Set<String> BOOT_PROPERTIES = bootProperties();

    private final Set<String> placeholderVariables = new TreeSet<>();
    /** Property names in the environment variable form: upper case, '.' → '_', '-' removed. */
    private final Set<String> exact = new HashSet<>();
    /** Prefixes of map-valued properties (any key below them), in the same form. */
    private final Set<String> prefixes = new HashSet<>();

    private DeclaredProperties() {
    }

    /** What {@code role} reads with {@code profiles} active. */
    static DeclaredProperties of(Role role, Collection<String> profiles) {
        DeclaredProperties declared = new DeclaredProperties();
        String base = role == Role.CONSOLE ? "application" : "agent";
        List<String> files = new ArrayList<>(List.of(base + ".properties"));
        profiles.forEach(p -> files.add(base + "-" + p + ".properties"));
        for (String file : files) {
            Properties properties = load(file);
            properties.stringPropertyNames().forEach(declared::addProperty);
            properties.values().forEach(v -> placeholders(v.toString()).forEach(name -> {
                if (ENV_NAME.matcher(name).matches()) {
                    declared.placeholderVariables.add(name);
                } else {
                    declared.addProperty(name);
                }
            }));
        }
        CODE_PROPERTIES.get(role).forEach(declared::addProperty);
        BOOT_PROPERTIES.forEach(declared::addProperty);
        return declared;
    }

    /** Whether the role reads {@code variable}; empty if it does, otherwise why not. */
    Optional<String> problemWith(String variable) {
        if (PROCESS_VARIABLES.contains(variable) || ACTUATOR_VARIABLES.contains(variable) || placeholderVariables.contains(variable) || exact.contains(variable)
                || prefixes.stream().anyMatch(p -> variable.startsWith(p + "_"))) {
            return Optional.empty();
        }
        return Optional.of(variable + " is read by nothing in this role (no placeholder of that name in its property files, "
                + "no property " + variable.toLowerCase(Locale.ROOT).replace('_', '.') + " by relaxed binding)");
    }

    /** Whether a {@code --name=value} argument names a property this role reads. */
    boolean readsProperty(String name) {
        String env = envForm(name);
        return exact.contains(env) || prefixes.stream().anyMatch(p -> env.startsWith(p + "_"));
    }

    /** The environment variables the role's property files name as placeholders. */
    Set<String> placeholderVariables() {
        return Collections.unmodifiableSet(placeholderVariables);
    }

    private void addProperty(String name) {
        if (name.endsWith(".*")) {
            prefixes.add(envForm(name.substring(0, name.length() - 2)));
        } else {
            exact.add(envForm(name));
        }
    }

    /** Spring's canonical environment form of a property name. */
    static String envForm(String property) {
        return property.replace("[", ".").replace("]", "").replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    static List<String> placeholders(String value) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(value);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The default of {@code property}'s {@code ${VARIABLE:default}} value in the role's main property file. */
    static String defaultOf(Role role, String property) {
        String value = load(role == Role.CONSOLE ? "application.properties" : "agent.properties").getProperty(property);
        if (value == null || !value.startsWith("${") || !value.contains(":")) {
            throw new IllegalStateException(property + " has no ${VARIABLE:default} value: " + value);
        }
        return value.substring(value.indexOf(':') + 1, value.lastIndexOf('}'));
    }

    private static Properties load(String file) {
        Properties properties = new Properties();
        try (InputStream in = DeclaredProperties.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("No " + file + " on the class path (a profile without a property file?)");
            }
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<Role, Set<String>> codeProperties() {
        Map<Role, Set<String>> byRole = Map.of(Role.CONSOLE, new TreeSet<>(), Role.AGENT, new TreeSet<>());
        for (Class<?> type : mainClasses()) {
            Set<String> names = new TreeSet<>();
            ConfigurationProperties bound = type.getAnnotation(ConfigurationProperties.class);
            if (bound != null && type.isRecord()) {
                recordProperties(bound.prefix().isEmpty() ? bound.value() : bound.prefix(), type, names);
            }
            Stream.of(type.getDeclaredFields()).forEach(f -> valuePlaceholders(f, names));
            Stream.concat(Stream.of(type.getDeclaredConstructors()), Stream.of(type.getDeclaredMethods()))
                    .forEach(e -> parameters(e).forEach(p -> valuePlaceholders(p, names)));
            String pkg = type.getPackageName();
            if (pkg.equals(AGENT_PACKAGE) || pkg.startsWith(AGENT_PACKAGE + ".")) {
                byRole.get(Role.AGENT).addAll(names);
            } else if (pkg.equals(SHARED_PACKAGE) || pkg.startsWith(SHARED_PACKAGE + ".")) {
                byRole.get(Role.AGENT).addAll(names);
                byRole.get(Role.CONSOLE).addAll(names);
            } else {
                byRole.get(Role.CONSOLE).addAll(names);
            }
        }
        return byRole;
    }

    /** Every class of the application (not of its tests), loaded without initialising it. */
    private static List<Class<?>> mainClasses() {
        try {
            List<Class<?>> types = new ArrayList<>();
            String root = ROOT.replace('.', '/') + "/";
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:" + root + "**/*.class")) {
                String url = resource.getURL().toString();
                if (url.contains("/test-classes/") || url.endsWith("package-info.class")) {
                    continue;
                }
                String path = url.substring(url.lastIndexOf(root));
                types.add(type(path.substring(0, path.length() - ".class".length()).replace('/', '.')));
            }
            return types;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void recordProperties(String prefix, Class<?> type, Set<String> names) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            Class<?> valueType = component.getType();
            if (Map.class.isAssignableFrom(valueType) || Collection.class.isAssignableFrom(valueType)) {
                names.add(name);
                names.add(name + ".*");
            } else if (valueType.isRecord() && valueType.getName().startsWith(ROOT)) {
                recordProperties(name, valueType, names);
            } else {
                names.add(name);
            }
        }
    }

    private static void valuePlaceholders(AnnotatedElement element, Set<String> names) {
        Value value = element.getAnnotation(Value.class);
        if (value != null) {
            placeholders(value.value()).forEach(names::add);
        }
    }

    private static List<Parameter> parameters(Executable executable) {
        return List.of(executable.getParameters());
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, DeclaredProperties.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name, false, DeclaredProperties.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> bootProperties() {
        ObjectMapper json = new ObjectMapper();
        Set<String> names = new TreeSet<>();
        try {
            for (URL url : Collections.list(DeclaredProperties.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                if (!url.getProtocol().equals("jar")) {
                    continue; // the application's own metadata does not say which role reads what: collected above
                }
                try (InputStream in = url.openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        String name = property.path("name").asText();
                        String type = property.path("type").asText();
                        names.add(name);
                        if (type.startsWith("java.util.Map") || type.startsWith("java.util.List")) {
                            names.add(name + ".*");
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (names.stream().noneMatch(n -> n.equals("spring.datasource.url"))) {
            throw new IllegalStateException("Spring Boot's configuration metadata was not found on the class path");
        }
        return names;
    }
}
