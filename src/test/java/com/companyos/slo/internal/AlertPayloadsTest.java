package com.companyos.slo.internal;

import com.companyos.slo.BurnRateRule;
import com.companyos.slo.Sli;
import com.companyos.slo.SloAlert;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class AlertPayloadsTest {

    private static final SloAlert ALERT = new SloAlert(UUID.fromString("7f1c2a64-0d7e-4c53-9a51-0f3b6c1d2e3f"), "region:eu-west",
            Sli.AVAILABILITY, BurnRateRule.FAST_PAGE, Duration.ofHours(1), Duration.ofMinutes(5), 20.5, 480, Instant.parse("2026-12-03T12:00:00Z"), null);

    @Test
    void a_trigger_is_a_pagerduty_events_v2_event_with_a_stable_dedup_key() throws Exception {
        JsonNode j = new ObjectMapper().readTree(AlertPayloads.render("pagerduty", "trigger", ALERT, "platform-operations", "key-1", "https://console"));
        assertThat(j.path("routing_key").asText()).isEqualTo("key-1");
        assertThat(j.path("event_action").asText()).isEqualTo("trigger");
        assertThat(j.path("dedup_key").asText()).isEqualTo(ALERT.dedupKey());
        assertThat(j.path("payload").path("source").asText()).isEqualTo("region:eu-west");
        assertThat(j.path("payload").path("severity").asText()).isEqualTo("critical");
        assertThat(j.path("payload").path("summary").asText()).isEqualTo(
                "region:eu-west: availability error budget burning 20.5x over 1 h and 480.0x over 5 min (fast-page, threshold 14.4x)");
        assertThat(j.path("payload").path("custom_details").path("long_window_seconds").asLong()).isEqualTo(3600);
        assertThat(j.path("client_url").asText()).isEqualTo("https://console/slo");
    }

    @Test
    void a_resolve_carries_only_the_routing_and_dedup_keys() throws Exception {
        JsonNode j = new ObjectMapper().readTree(AlertPayloads.render("pagerduty", "resolve", ALERT, "ops", "key-1", "https://console"));
        assertThat(j.path("event_action").asText()).isEqualTo("resolve");
        assertThat(j.path("dedup_key").asText()).isEqualTo(ALERT.dedupKey());
        assertThat(j.has("payload")).isFalse();
    }

    @Test
    void the_alertmanager_shape_is_a_version_4_webhook_with_one_alert() throws Exception {
        JsonNode j = new ObjectMapper().readTree(AlertPayloads.render("alertmanager", "trigger", ALERT, "ops", "", "https://console"));
        assertThat(j.path("version").asText()).isEqualTo("4");
        assertThat(j.path("status").asText()).isEqualTo("firing");
        assertThat(j.path("alerts")).hasSize(1);
        assertThat(j.path("alerts").get(0).path("labels").path("severity").asText()).isEqualTo("page");
        assertThat(j.path("alerts").get(0).path("labels").path("target").asText()).isEqualTo("region:eu-west");
        assertThat(j.path("alerts").get(0).path("startsAt").asText()).isEqualTo("2026-12-03T12:00:00Z");
    }
}
