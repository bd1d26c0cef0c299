package com.companyos.probes.internal;

import com.companyos.probes.ProbeIncident;
import com.companyos.probes.ProbeOwner;
import com.companyos.probes.ProbeRun;
import com.companyos.probes.ProbeSettings;
import com.companyos.probes.ProbeStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PagePayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PagePayloads payloads = new PagePayloads(new ProbeSettings(true, 4, Duration.ofMinutes(2), 0.1, "platform",
            "https://console.example.test", "oncall@x.test", "", "probes@x.test", Duration.ofSeconds(5), 8, Duration.ofSeconds(2),
            Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(30), "", ""), new ConsoleInstance());
    private final ProbeIncident incident = new ProbeIncident(UUID.fromString("01a2f000-0000-7000-8000-000000000001"), "probe/login/console",
            "login", "console", "path", "identity", "open", "Probe login (auth/login) failed 3 of its last 5 runs: sign in refused",
            Instant.parse("2026-12-04T10:00:00Z"), UUID.randomUUID(), 0, null, null, null, null, null, null);
    private final ProbeRun run = new ProbeRun(UUID.randomUUID(), "login", "console", Instant.EPOCH, Instant.EPOCH, ProbeStatus.FAIL, 120, 2,
            "console@1.0", "sign in refused", List.of(), "c");

    private ProbeOwner owner(String format) {
        return new ProbeOwner("identity", "Identity", URI.create("https://hooks.example.test/x"), format, "R-KEY", Duration.ofMinutes(15),
                List.of(), null, null);
    }

    @Test
    void a_trigger_is_a_pagerduty_events_v2_event_with_the_dedup_key() throws Exception {
        JsonNode e = JSON.readTree(payloads.webhook(owner("pagerduty"), "trigger", incident, "auth/login", run, 0));
        assertThat(e.path("routing_key").asText()).isEqualTo("R-KEY");
        assertThat(e.path("event_action").asText()).isEqualTo("trigger");
        assertThat(e.path("dedup_key").asText()).isEqualTo("probe/login/console");
        assertThat(e.path("payload").path("summary").asText()).contains("failed 3 of its last 5");
        assertThat(e.path("payload").path("source").asText()).isEqualTo("console");
        assertThat(e.path("payload").path("severity").asText()).isEqualTo("critical");
        assertThat(e.path("payload").path("custom_details").path("release").asText()).isEqualTo("console@1.0");
        assertThat(e.path("client_url").asText()).isEqualTo("https://console.example.test/probes");
    }

    @Test
    void resolve_and_acknowledge_carry_only_the_key() throws Exception {
        JsonNode e = JSON.readTree(payloads.webhook(owner("pagerduty"), "resolve", incident, "auth/login", run, 0));
        assertThat(e.path("event_action").asText()).isEqualTo("resolve");
        assertThat(e.path("dedup_key").asText()).isEqualTo("probe/login/console");
        assertThat(e.has("payload")).isFalse();
    }

    @Test
    void alertmanager_owners_get_a_webhook_v4_body() throws Exception {
        JsonNode e = JSON.readTree(payloads.webhook(owner("alertmanager"), "trigger", incident, "auth/login", run, 0));
        assertThat(e.path("version").asText()).isEqualTo("4");
        assertThat(e.path("status").asText()).isEqualTo("firing");
        assertThat(e.path("groupKey").asText()).isEqualTo("probe/login/console");
        assertThat(e.path("alerts").get(0).path("labels").path("probe").asText()).isEqualTo("login");
    }

    @Test
    void an_escalation_email_says_so_and_links_the_dashboard() {
        String mail = payloads.email("escalate", incident, "auth/login", run, 1);
        String subject = mail.substring(0, mail.indexOf("\n\n"));
        assertThat(subject).isEqualTo("[CompanyOS] ESCALATED (level 1): probe login (auth/login) in console");
        assertThat(mail).contains("escalated to you").contains("https://console.example.test/probes").contains(incident.id().toString());
    }
}
