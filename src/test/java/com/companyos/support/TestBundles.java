package com.companyos.support;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Policy bundle versions for tests that publish: regions accept only a newer version than the one in force, and the
 * stack is shared, so a test derives its versions from the current one instead of fixing them.
 */
public final class TestBundles {

    private static final Pattern NUMERIC_PREFIX = Pattern.compile("^(\\d+(?:\\.\\d+)*)");

    private TestBundles() {
    }

    /** A version newer than {@code version}: its leading numbers with the last one raised, then {@code -label}. */
    public static String newer(String version, String label) {
        Matcher m = NUMERIC_PREFIX.matcher(version);
        if (!m.find()) {
            return version + ".1-" + label;
        }
        String[] parts = m.group(1).split("\\.");
        parts[parts.length - 1] = String.valueOf(Long.parseLong(parts[parts.length - 1]) + 1);
        return String.join(".", parts) + "-" + label;
    }

    /** {@code files} with {@code bundle.properties} naming {@code version}. */
    public static Map<String, String> withVersion(Map<String, String> files, String version) {
        Map<String, String> copy = new HashMap<>(files);
        copy.put("bundle.properties", copy.get("bundle.properties").replaceFirst("(?m)^version=.*$", "version=" + version));
        return copy;
    }
}
