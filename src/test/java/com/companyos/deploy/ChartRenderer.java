package com.companyos.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders the chart in {@code deploy/helm/companyos} without Helm (no helm binary on these machines), for the small
 * part of Helm's template language the chart is written in: {@code {{ path }}} with an optional {@code | quote},
 * {@code {{- range $var := path }}}, {@code {{- if path }} … {{- else }} … {{- end }}}, {@code {{/* comments *\/}}},
 * and whitespace trimming (a dash inside the braces). Paths are {@code .Values.…}, {@code .Release.Name},
 * {@code .Chart.…}, {@code $.…} (the root) and {@code $var.…}. Anything else, or a value the values file does not have,
 * fails the rendering rather than printing Helm's {@code <no value>}: the chart must stay inside what this checks.
 */
final class ChartRenderer {

    static final Path CHART = Path.of("deploy", "helm", "companyos");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ACTION = Pattern.compile("\\{\\{(-?)\\s*(.*?)\\s*(-?)}}", Pattern.DOTALL);
    private static final Pattern RANGE = Pattern.compile("range \\$(\\w+) := (\\S+)");
    private static final Pattern IF = Pattern.compile("if (\\S+)");

    private final Map<String, Object> root = new HashMap<>();

    ChartRenderer(String releaseName) {
        root.put("Values", read(CHART.resolve("values.yaml")));
        Map<String, Object> chart = new HashMap<>();
        read(CHART.resolve("Chart.yaml")).forEach((k, v) -> chart.put(Character.toUpperCase(k.charAt(0)) + k.substring(1), v));
        root.put("Chart", chart);
        root.put("Release", Map.of("Name", releaseName, "Namespace", "default"));
    }

    /** Every template rendered and split into its YAML documents (empty ones dropped). */
    List<JsonNode> render() {
        List<JsonNode> documents = new ArrayList<>();
        try (Stream<Path> templates = Files.list(CHART.resolve("templates"))) {
            for (Path template : templates.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String text = render(Files.readString(template), template.getFileName().toString());
                for (String document : text.split("(?m)^---\\s*$")) {
                    JsonNode node = YAML.readTree(document);
                    if (node != null && !node.isMissingNode() && !node.isNull()) {
                        documents.add(node);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    String render(String template, String name) {
        List<Object> tokens = tokens(template);
        StringBuilder out = new StringBuilder();
        int end = render(tokens, 0, root, new HashMap<>(), out, true, name);
        if (end != tokens.size()) {
            throw new IllegalStateException(name + ": unexpected " + tokens.get(end));
        }
        return out.toString();
    }

    private record Action(String text) {
    }

    /** Text and actions, with the whitespace that dashed braces trim removed. */
    private static List<Object> tokens(String template) {
        List<Object> tokens = new ArrayList<>();
        Matcher m = ACTION.matcher(template);
        int at = 0;
        boolean trimNext = false;
        while (m.find()) {
            String text = template.substring(at, m.start());
            if (trimNext) {
                text = text.stripLeading();
            }
            if (!m.group(1).isEmpty()) {
                text = text.stripTrailing();
            }
            tokens.add(text);
            if (!m.group(2).startsWith("/*")) {
                tokens.add(new Action(m.group(2)));
            }
            trimNext = !m.group(3).isEmpty();
            at = m.end();
        }
        String rest = template.substring(at);
        tokens.add(trimNext ? rest.stripLeading() : rest);
        return tokens;
    }

    /** Renders from {@code i} until an {@code end}/{@code else} of this level; returns the index of that token. */
    private int render(List<Object> tokens, int i, Object dot, Map<String, Object> vars, StringBuilder out, boolean emit, String name) {
        while (i < tokens.size()) {
            Object token = tokens.get(i);
            if (token instanceof String text) {
                if (emit) {
                    out.append(text);
                }
                i++;
                continue;
            }
            String action = ((Action) token).text();
            if (action.equals("end") || action.equals("else")) {
                return i;
            }
            Matcher range = RANGE.matcher(action);
            Matcher condition = IF.matcher(action);
            if (range.matches()) {
                Object list = emit ? lookup(range.group(2), dot, vars, name) : List.of();
                if (!(list instanceof Collection<?> items)) {
                    throw new IllegalStateException(name + ": range over " + range.group(2) + ", which is not a list");
                }
                int end = i + 1;
                if (items.isEmpty()) {
                    end = render(tokens, i + 1, dot, vars, new StringBuilder(), false, name);
                }
                for (Object item : items) {
                    Map<String, Object> scope = new HashMap<>(vars);
                    scope.put(range.group(1), item);
                    end = render(tokens, i + 1, item, scope, out, emit, name);
                }
                i = expect(tokens, end, "end", name) + 1;
            } else if (condition.matches()) {
                boolean holds = emit && truthy(lookup(condition.group(1), dot, vars, name));
                int at = render(tokens, i + 1, dot, vars, out, emit && holds, name);
                if (((Action) tokens.get(at)).text().equals("else")) {
                    at = render(tokens, at + 1, dot, vars, out, emit && !holds, name);
                }
                i = expect(tokens, at, "end", name) + 1;
            } else {
                if (emit) {
                    out.append(value(action, dot, vars, name));
                }
                i++;
            }
        }
        return i;
    }

    private static int expect(List<Object> tokens, int at, String action, String name) {
        if (at >= tokens.size() || !(tokens.get(at) instanceof Action a) || !a.text().equals(action)) {
            throw new IllegalStateException(name + ": missing {{ " + action + " }}");
        }
        return at;
    }

    private Object value(String pipeline, Object dot, Map<String, Object> vars, String name) {
        String[] stages = pipeline.split("\\|");
        Object value = lookup(stages[0].trim(), dot, vars, name);
        String text = String.valueOf(value);
        for (int s = 1; s < stages.length; s++) {
            if (!stages[s].trim().equals("quote")) {
                throw new IllegalStateException(name + ": unsupported function " + stages[s].trim() + " in {{ " + pipeline + " }}");
            }
            text = "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return text;
    }

    private Object lookup(String path, Object dot, Map<String, Object> vars, String name) {
        Object current;
        String rest;
        if (path.startsWith("$.")) {
            current = root;
            rest = path.substring(2);
        } else if (path.startsWith("$")) {
            int dotAt = path.indexOf('.');
            String var = dotAt < 0 ? path.substring(1) : path.substring(1, dotAt);
            if (!vars.containsKey(var)) {
                throw new IllegalStateException(name + ": no variable $" + var);
            }
            current = vars.get(var);
            rest = dotAt < 0 ? "" : path.substring(dotAt + 1);
        } else if (path.startsWith(".")) {
            current = dot;
            rest = path.substring(1);
        } else {
            throw new IllegalStateException(name + ": unsupported expression {{ " + path + " }}");
        }
        for (String key : rest.isEmpty() ? new String[0] : rest.split("\\.")) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                throw new IllegalStateException(name + ": " + path + " is not in the values (at '" + key + "')");
            }
            current = map.get(key);
        }
        return current;
    }

    private static boolean truthy(Object value) {
        return value != null && !Boolean.FALSE.equals(value) && !"".equals(value)
                && !(value instanceof Number n && n.doubleValue() == 0)
                && !(value instanceof Collection<?> c && c.isEmpty()) && !(value instanceof Map<?, ?> m && m.isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) {
        try {
            return YAML.readValue(file.toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
