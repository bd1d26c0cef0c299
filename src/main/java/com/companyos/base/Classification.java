package com.companyos.base;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How sensitive a record is. {@code pii} and {@code restricted} never leave their residency zone; {@code public} and
 * {@code internal} may, where policy allows.
 */
public enum Classification {
    PUBLIC("public"),
    INTERNAL("internal"),
    RESTRICTED("restricted"),
    PII("pii");

    private final String label;

    Classification(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Classification of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("classification is required (" + allowed() + ")");
        }
        return Arrays.stream(values()).filter(c -> c.label.equalsIgnoreCase(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("classification '" + value + "' is not one of " + allowed()));
    }

    public static String allowed() {
        return Arrays.stream(values()).map(Classification::label).collect(Collectors.joining(", "));
    }
}
