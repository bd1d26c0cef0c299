package com.companyos.base.web;

import com.companyos.base.Zone;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ClientMessagesTest {

    @Test
    void a_message_naming_internals_is_replaced_and_a_product_message_is_kept() {
        assertThat(ClientMessages.refusal(new IllegalArgumentException("No enum constant com.companyos.base.Zone.XX"), "fallback"))
                .isEqualTo("fallback");
        assertThat(ClientMessages.refusal(new IllegalArgumentException("Cannot deserialize value of type `java.util.UUID`"), "fallback"))
                .isEqualTo("fallback");
        assertThat(ClientMessages.refusal(new IllegalArgumentException(), "fallback")).isEqualTo("fallback");
        assertThat(ClientMessages.refusal(new IllegalArgumentException("classification 'x' is not one of public, internal"), "fallback"))
                .isEqualTo("classification 'x' is not one of public, internal");
    }

    @Test
    void expected_types_are_named_in_plain_words() {
        assertThat(ClientMessages.expected(Zone.class)).isEqualTo("one of EU, US, APAC");
        assertThat(ClientMessages.expected(UUID.class)).startsWith("an ID like");
        assertThat(ClientMessages.expected(int.class)).isEqualTo("a whole number");
        assertThat(ClientMessages.expected(Instant.class)).startsWith("a UTC time");
        assertThat(ClientMessages.expected(StringBuilder.class)).isEqualTo("a string builder");
    }
}
