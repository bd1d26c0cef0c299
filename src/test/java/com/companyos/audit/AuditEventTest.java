package com.companyos.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditEventTest {

    @Test
    void an_action_must_be_a_dotted_lower_case_name() {
        assertThat(AuditEvent.by("a", "tenant.created", "t").action()).isEqualTo("tenant.created");
        assertThatThrownBy(() -> AuditEvent.by("a", "Tenant Created", "t")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuditEvent.by("a", "created", "t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_entry_needs_an_actor_and_overlong_actors_are_cut() {
        assertThatThrownBy(() -> AuditEvent.by(" ", "a.b", "t")).isInstanceOf(IllegalArgumentException.class);
        assertThat(AuditEvent.by("x".repeat(500), "a.b", "t").actor()).hasSize(200);
    }

    @Test
    void without_a_signed_in_person_the_actor_is_system() {
        assertThat(AuditEvent.of("a.b", "t").actor()).isEqualTo("system");
    }
}
