package com.companyos.base.web;

import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a 4xx answer tells a client, in the product's words: the value that was wrong and what would be valid, never a
 * Java class, package or library message ({@code No enum constant com.companyos.base.Zone.XX}, {@code Failed to
 * convert value of type 'java.lang.String'...}).
 */
public final class ClientMessages {

    private static final Pattern INTERNAL = Pattern.compile("\\b(java|javax|jakarta|com\\.companyos|org\\.springframework|"
            + "com\\.fasterxml|org\\.jooq|org\\.postgresql)\\.|No enum constant|Exception\\b");

    private ClientMessages() {
    }

    /** A parameter or path segment that did not convert to its type. */
    public static String mismatch(MethodArgumentTypeMismatchException e) {
        return "'" + e.getValue() + "' is not a valid " + e.getName() + ": expected " + expected(e.getRequiredType());
    }

    /** The message of a refusal the product raised itself, unless it names internals; then a plain statement. */
    public static String refusal(Throwable e, String fallback) {
        String m = e.getMessage();
        return m == null || m.isBlank() || INTERNAL.matcher(m).find() ? fallback : m;
    }

    static String expected(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).collect(Collectors.joining(", "));
        }
        if (type == UUID.class) {
            return "an ID like 123e4567-e89b-12d3-a456-426614174000";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == Instant.class) {
            return "a UTC time like 2026-01-31T12:00:00Z";
        }
        if (type == LocalDate.class) {
            return "a date like 2026-01-31";
        }
        return "a " + type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
    }
}
