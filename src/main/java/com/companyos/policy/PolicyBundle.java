package com.companyos.policy;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.ValidationRequest;
import com.cedarpolicy.model.ValidationResponse;
import com.cedarpolicy.model.exception.AuthException;
import com.cedarpolicy.model.exception.CacheException;
import com.cedarpolicy.model.exception.InternalException;
import com.cedarpolicy.model.policy.Policy;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.model.schema.Schema;
import com.companyos.base.Hashing;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One channel's bundle: its Cedar policies (one per {@code .cedar} file, the file name is the policy ID), the schema
 * they are validated against, and {@code bundle.properties} (channel, version). The manifest lists every file with
 * its SHA-256; the bundle's SHA-256 is the hash of that manifest, so it changes when any byte of any file changes.
 * A bundle whose policies do not validate against the schema is refused.
 */
public final class PolicyBundle {

    public static final String SCHEMA_FILE = "schema.cedarschema";
    static final String PROPERTIES_FILE = "bundle.properties";

    private final PolicyChannel channel;
    private final String version;
    private final String description;
    private final Map<String, String> files;
    private final Map<String, String> fileDigests;
    private final String manifest;
    private final String sha256;
    private final PolicySet policies;
    private final Schema schema;
    private final Map<String, String> rationale;

    private PolicyBundle(Map<String, String> files) {
        this.files = Collections.unmodifiableMap(new TreeMap<>(files));
        if (!files.containsKey(SCHEMA_FILE) || !files.containsKey(PROPERTIES_FILE)) {
            throw new IllegalArgumentException("A policy bundle needs " + SCHEMA_FILE + " and " + PROPERTIES_FILE);
        }
        Properties props = new Properties();
        try {
            props.load(new StringReader(files.get(PROPERTIES_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.channel = PolicyChannel.of(props.getProperty("channel", ""));
        this.version = BundleVersion.requireWellFormed(require(props, "version"));
        this.description = props.getProperty("description", "");
        Map<String, String> digests = new TreeMap<>();
        this.files.forEach((name, content) -> digests.put(name, Hashing.sha256Hex(content)));
        this.fileDigests = Collections.unmodifiableMap(digests);
        this.manifest = manifest(channel, version, digests);
        this.sha256 = Hashing.sha256Hex(manifest);

        Set<Policy> parsed = new java.util.LinkedHashSet<>();
        Map<String, String> why = new LinkedHashMap<>();
        this.files.forEach((name, content) -> {
            if (name.endsWith(".cedar")) {
                String id = name.substring(0, name.length() - ".cedar".length());
                try {
                    Policy policy = new Policy(Policy.parseStaticPolicy(content).policySrc, id);
                    parsed.add(policy);
                    String rationale = policy.getAnnotation("rationale");
                    why.put(id, rationale == null ? "" : rationale);
                } catch (InternalException | RuntimeException e) {
                    throw new IllegalArgumentException("Policy " + name + " in the " + channel.folder() + " bundle does not parse: " + e.getMessage(), e);
                }
            }
        });
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("The " + channel.folder() + " bundle has no policies");
        }
        this.policies = new PolicySet(parsed);
        this.rationale = Collections.unmodifiableMap(why);
        this.schema = new Schema(files.get(SCHEMA_FILE));
        validate();
        preparse();
    }

    /**
     * Has the native Cedar engine parse the policies and the schema once and keep them, so a decision sends only the
     * request across JNI; otherwise Cedar re-parses every policy and the schema on every call (about 5 ms instead of
     * 0.3 ms per uncached decision on a 2-core machine, see docs/benchmarks.md). Only a cache: if it is unavailable, or
     * has dropped them, Cedar is called the stateless way, with the same answers.
     */
    private void preparse() {
        try {
            policies.cache();
            schema.cache();
        } catch (CacheException | RuntimeException e) {
            // Decisions still work, just slower: each call passes the policy text and the schema.
        }
    }

    /**
     * The manifest {@code files} hash to, without parsing any policy: a receiver compares it with the signed manifest
     * before it lets a single policy text reach the parser.
     */
    public static String manifestOf(Map<String, String> files) {
        Properties props = new Properties();
        try {
            props.load(new StringReader(files.getOrDefault(PROPERTIES_FILE, "")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> digests = new TreeMap<>();
        files.forEach((name, content) -> digests.put(name, Hashing.sha256Hex(content)));
        return manifest(PolicyChannel.of(props.getProperty("channel", "")), props.getProperty("version", ""), digests);
    }

    private static String manifest(PolicyChannel channel, String version, Map<String, String> digests) {
        return "channel: " + channel.folder() + "\nversion: " + version + "\nfiles:\n"
                + digests.entrySet().stream().map(e -> "  " + e.getValue() + "  " + e.getKey()).collect(Collectors.joining("\n"))
                + "\n";
    }

    /** Builds a bundle from its files (name → UTF-8 text). */
    public static PolicyBundle of(Map<String, String> files) {
        return new PolicyBundle(files);
    }

    /** Loads the bundle of {@code channel} shipped in this build ({@code classpath:policy/<channel>/}). */
    public static PolicyBundle fromClasspath(PolicyChannel channel) {
        try {
            PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
            Map<String, String> files = new TreeMap<>();
            for (Resource r : resolver.getResources("classpath:policy/" + channel.folder() + "/*")) {
                if (r.isReadable() && r.getFilename() != null) {
                    files.put(r.getFilename(), r.getContentAsString(StandardCharsets.UTF_8));
                }
            }
            files.put(SCHEMA_FILE, resolver.getResource("classpath:policy/" + SCHEMA_FILE).getContentAsString(StandardCharsets.UTF_8));
            return of(files);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the " + channel.folder() + " policy bundle", e);
        }
    }

    private void validate() {
        try {
            ValidationResponse result = new BasicAuthorizationEngine().validate(new ValidationRequest(schema, policies));
            if (!result.validationPassed()) {
                String problems = result.errors.map(Object::toString).orElse("")
                        + result.success.map(s -> s.validationErrors.toString()).orElse("");
                throw new IllegalArgumentException("The " + channel.folder() + " bundle does not validate against its schema: " + problems);
            }
        } catch (AuthException e) {
            throw new IllegalArgumentException("Cannot validate the " + channel.folder() + " bundle: " + e.getMessage(), e);
        }
    }

    public PolicyChannel channel() {
        return channel;
    }

    public String version() {
        return version;
    }

    public String description() {
        return description;
    }

    public String sha256() {
        return sha256;
    }

    /** The manifest text the bundle hash is computed over: channel, version, and {@code sha256  file} per file. */
    public String manifest() {
        return manifest;
    }

    public Map<String, String> files() {
        return files;
    }

    public Map<String, String> fileDigests() {
        return fileDigests;
    }

    public List<String> policyIds() {
        return List.copyOf(rationale.keySet());
    }

    public String rationale(String policyId) {
        return rationale.getOrDefault(policyId, "");
    }

    PolicySet policySet() {
        return policies;
    }

    Schema schema() {
        return schema;
    }

    private static String require(Properties props, String key) {
        String v = props.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("bundle.properties has no " + key);
        }
        return v.trim();
    }

}
