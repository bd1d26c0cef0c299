package com.companyos.pki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.Map;
import java.util.TreeMap;

/**
 * The one JSON form that is signed: keys sorted at every level, no white space, UTF-8. A signature over these bytes is
 * checked by {@code openssl pkeyutl -verify -rawin} against the saved body.
 */
public final class CanonicalJson {

    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT);

    private CanonicalJson() {
    }

    public static String write(Map<String, ?> fields) {
        try {
            return CANONICAL.writeValueAsString(new TreeMap<>(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not serialisable as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
