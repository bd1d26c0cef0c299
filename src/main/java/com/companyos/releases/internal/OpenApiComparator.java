package com.companyos.releases.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a candidate's API description (OpenAPI 3, as springdoc generates it) is the base's, or a compatible superset
 * of it: nothing a client of the base relies on is gone or newly demanded. Breaking: a removed path or operation, a
 * removed required parameter, a parameter that became required or a new required one, a request body that became
 * required, a new required request field, a removed response (status code) or response field. Additions (new paths,
 * operations, optional parameters, response fields) are compatible. {@code servers} (the answering process's own URL)
 * is not part of the contract.
 */
final class OpenApiComparator {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final int MAX_DEPTH = 12;

    /** The comparison: {@code equal} ignores {@code servers}; compatible when nothing is breaking. */
    record Report(boolean equal, List<String> breaking, List<String> additions) {
        boolean compatible() {
            return breaking.isEmpty();
        }
    }

    private OpenApiComparator() {
    }

    static Report compare(JsonNode base, JsonNode candidate) {
        List<String> breaking = new ArrayList<>();
        List<String> additions = new ArrayList<>();
        JsonNode basePaths = base.path("paths");
        JsonNode candidatePaths = candidate.path("paths");
        for (String path : names(basePaths)) {
            JsonNode b = basePaths.get(path);
            JsonNode c = candidatePaths.get(path);
            if (c == null) {
                breaking.add("removed path " + path);
                continue;
            }
            for (String method : METHODS) {
                if (!b.has(method)) {
                    if (c.has(method)) {
                        additions.add("new operation " + method.toUpperCase() + " " + path);
                    }
                    continue;
                }
                String op = method.toUpperCase() + " " + path;
                if (!c.has(method)) {
                    breaking.add("removed operation " + op);
                    continue;
                }
                operation(op, base, b.get(method), b.path("parameters"), candidate, c.get(method), c.path("parameters"), breaking, additions);
            }
        }
        for (String path : names(candidatePaths)) {
            if (!basePaths.has(path)) {
                additions.add("new path " + path);
            }
        }
        return new Report(withoutServers(base).equals(withoutServers(candidate)), List.copyOf(breaking), List.copyOf(additions));
    }

    private static void operation(String op, JsonNode baseDoc, JsonNode b, JsonNode bPathParams, JsonNode candDoc, JsonNode c,
                                  JsonNode cPathParams, List<String> breaking, List<String> additions) {
        Map<String, JsonNode> bp = parameters(baseDoc, bPathParams, b.path("parameters"));
        Map<String, JsonNode> cp = parameters(candDoc, cPathParams, c.path("parameters"));
        bp.forEach((key, p) -> {
            JsonNode q = cp.get(key);
            if (q == null) {
                if (p.path("required").asBoolean(false)) {
                    breaking.add("removed required parameter " + key + " of " + op);
                }
            } else if (q.path("required").asBoolean(false) && !p.path("required").asBoolean(false)) {
                breaking.add("parameter " + key + " of " + op + " became required");
            }
        });
        cp.forEach((key, q) -> {
            if (!bp.containsKey(key)) {
                if (q.path("required").asBoolean(false)) {
                    breaking.add("new required parameter " + key + " of " + op);
                } else {
                    additions.add("new optional parameter " + key + " of " + op);
                }
            }
        });

        JsonNode bBody = resolve(baseDoc, b.path("requestBody"));
        JsonNode cBody = resolve(candDoc, c.path("requestBody"));
        if (!cBody.isMissingNode() && cBody.path("required").asBoolean(false) && (bBody.isMissingNode() || !bBody.path("required").asBoolean(false))) {
            breaking.add("request body of " + op + " became required");
        }
        for (String media : names(cBody.path("content"))) {
            JsonNode cs = cBody.path("content").path(media).path("schema");
            JsonNode bs = bBody.path("content").path(media).path("schema");
            newRequired(op + " request " + media, "", baseDoc, bs, candDoc, cs, breaking, new HashSet<>(), 0);
        }

        JsonNode bResponses = b.path("responses");
        JsonNode cResponses = c.path("responses");
        for (String code : names(bResponses)) {
            if (!cResponses.has(code)) {
                breaking.add("removed response " + code + " of " + op);
                continue;
            }
            JsonNode br = resolve(baseDoc, bResponses.get(code));
            JsonNode cr = resolve(candDoc, cResponses.get(code));
            for (String media : names(br.path("content"))) {
                if (!cr.path("content").has(media)) {
                    breaking.add("removed response " + code + " " + media + " of " + op);
                    continue;
                }
                removedFields(op + " response " + code, "", baseDoc, br.path("content").path(media).path("schema"), candDoc,
                        cr.path("content").path(media).path("schema"), breaking, new HashSet<>(), 0);
            }
        }
        for (String code : names(cResponses)) {
            if (!bResponses.has(code)) {
                additions.add("new response " + code + " of " + op);
            }
        }
    }

    /** Request side: a field required by the candidate that the base did not require (at any depth). */
    private static void newRequired(String where, String prefix, JsonNode baseDoc, JsonNode bSchema, JsonNode candDoc, JsonNode cSchema,
                                    List<String> breaking, Set<String> seen, int depth) {
        JsonNode b = flatten(baseDoc, bSchema);
        JsonNode c = flatten(candDoc, cSchema);
        if (depth > MAX_DEPTH || !seen.add(prefix + "|" + cSchema.path("$ref").asText(""))) {
            return;
        }
        Set<String> baseRequired = strings(b.path("required"));
        for (String field : strings(c.path("required"))) {
            if (!baseRequired.contains(field)) {
                breaking.add("new required request field " + prefix + field + " of " + where);
            }
        }
        for (String field : names(c.path("properties"))) {
            if (b.path("properties").has(field)) {
                newRequired(where, prefix + field + ".", baseDoc, b.path("properties").get(field), candDoc, c.path("properties").get(field),
                        breaking, seen, depth + 1);
            }
        }
        if (c.has("items") && b.has("items")) {
            newRequired(where, prefix + "[].", baseDoc, b.get("items"), candDoc, c.get("items"), breaking, seen, depth + 1);
        }
    }

    /** Response side: a field the base answered with that the candidate no longer has (at any depth). */
    private static void removedFields(String where, String prefix, JsonNode baseDoc, JsonNode bSchema, JsonNode candDoc, JsonNode cSchema,
                                      List<String> breaking, Set<String> seen, int depth) {
        JsonNode b = flatten(baseDoc, bSchema);
        JsonNode c = flatten(candDoc, cSchema);
        if (depth > MAX_DEPTH || !seen.add(prefix + "|" + bSchema.path("$ref").asText(""))) {
            return;
        }
        for (String field : names(b.path("properties"))) {
            if (!c.path("properties").has(field)) {
                breaking.add("removed response field " + prefix + field + " of " + where);
            } else {
                removedFields(where, prefix + field + ".", baseDoc, b.path("properties").get(field), candDoc, c.path("properties").get(field),
                        breaking, seen, depth + 1);
            }
        }
        if (b.has("items") && c.has("items")) {
            removedFields(where, prefix + "[].", baseDoc, b.get("items"), candDoc, c.get("items"), breaking, seen, depth + 1);
        }
        if (b.has("additionalProperties") && b.get("additionalProperties").isObject() && c.path("additionalProperties").isObject()) {
            removedFields(where, prefix + "{}.", baseDoc, b.get("additionalProperties"), candDoc, c.get("additionalProperties"), breaking,
                    seen, depth + 1);
        }
    }

    /** A schema with its {@code $ref} resolved and an {@code allOf}'s properties and required fields merged. */
    private static JsonNode flatten(JsonNode doc, JsonNode schema) {
        JsonNode s = resolve(doc, schema);
        if (!s.has("allOf")) {
            return s;
        }
        ObjectNode merged = s.deepCopy();
        merged.remove("allOf");
        ObjectNode properties = merged.has("properties") ? (ObjectNode) merged.get("properties") : merged.putObject("properties");
        var required = merged.has("required") ? (com.fasterxml.jackson.databind.node.ArrayNode) merged.get("required") : merged.putArray("required");
        for (JsonNode part : s.get("allOf")) {
            JsonNode p = flatten(doc, part);
            p.path("properties").fields().forEachRemaining(e -> properties.set(e.getKey(), e.getValue()));
            p.path("required").forEach(required::add);
        }
        return merged;
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        JsonNode n = node;
        for (int i = 0; i < 8 && n.has("$ref"); i++) {
            String ref = n.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                return n;
            }
            JsonNode target = doc;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part.replace("~1", "/").replace("~0", "~"));
            }
            n = target;
        }
        return n;
    }

    private static Map<String, JsonNode> parameters(JsonNode doc, JsonNode pathLevel, JsonNode operationLevel) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        for (JsonNode list : List.of(pathLevel, operationLevel)) {
            for (JsonNode p : list) {
                JsonNode r = resolve(doc, p);
                m.put(r.path("in").asText() + ":" + r.path("name").asText(), r);
            }
        }
        return m;
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> s = new LinkedHashSet<>();
        array.forEach(n -> s.add(n.asText()));
        return s;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static JsonNode withoutServers(JsonNode doc) {
        if (!doc.isObject()) {
            return doc;
        }
        ObjectNode copy = doc.deepCopy();
        copy.remove("servers");
        return copy;
    }
}
