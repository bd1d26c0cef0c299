package com.companyos.base;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration for everything the product writes outside Spring MVC (evidence, bundles, receipts'
 * companions, client calls): ISO-8601 instants, map keys sorted (stable digests), unknown properties tolerated on read.
 */
public final class Json {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());
    private static final ObjectMapper PRETTY = configure(new ObjectMapper()).enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    /** Shared, thread-safe compact mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Shared, thread-safe indented mapper for files people read. */
    public static ObjectMapper pretty() {
        return PRETTY;
    }

    /** Compact JSON of a value the product built itself (so a failure is a programming error, not bad input). */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Not serialisable as JSON: " + value.getClass().getName(), e);
        }
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
