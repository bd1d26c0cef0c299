package com.companyos.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AuditChainTest {

    private static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final Instant AT = Instant.parse("2026-11-22T10:15:30.123456Z");

    @Test
    void the_hash_is_stable_for_the_same_entry() {
        assertThat(hash("alice", "target", "why")).isEqualTo(hash("alice", "target", "why")).hasSize(64);
    }

    @Test
    void every_field_changes_the_hash() {
        String base = hash("alice", "target", "why");
        assertThat(hash("alicf", "target", "why")).isNotEqualTo(base);
        assertThat(hash("alice", "targeu", "why")).isNotEqualTo(base);
        assertThat(hash("alice", "target", "whz")).isNotEqualTo(base);
        assertThat(AuditChain.hash("1".repeat(64), 7, ID, AT, "alice", "x.y", "target", "why", null, null)).isNotEqualTo(base);
        assertThat(AuditChain.hash(AuditChain.GENESIS, 8, ID, AT, "alice", "x.y", "target", "why", null, null)).isNotEqualTo(base);
    }

    @Test
    void moving_text_between_fields_changes_the_hash() {
        // Length prefixes: "ab" + "c" must not encode like "a" + "bc".
        assertThat(hash("ab", "c", null)).isNotEqualTo(hash("a", "bc", null));
    }

    @Test
    void null_and_empty_encode_differently() {
        assertThat(hash("alice", "target", null)).isNotEqualTo(hash("alice", "target", ""));
    }

    private static String hash(String actor, String target, String reason) {
        return AuditChain.hash(AuditChain.GENESIS, 7, ID, AT, actor, "x.y", target, reason, null, null);
    }
}
