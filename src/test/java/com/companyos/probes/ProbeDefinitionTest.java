package com.companyos.probes;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProbeDefinitionTest {

    private static ProbeDefinition probe(ProbeKind kind, int intervalS, int timeoutS, int retries, List<String> regions, String owner, int n, int m) {
        return new ProbeDefinition("p-1", kind, "path", owner, Duration.ofSeconds(intervalS), Duration.ofSeconds(timeoutS), retries, regions,
                Duration.ofSeconds(1), n, m, 2, true, "t", Instant.EPOCH);
    }

    @Test
    void a_sensible_probe_is_valid() {
        assertThat(probe(ProbeKind.TENANT_QUERY, 60, 30, 1, List.of("eu-west"), "team", 3, 5).validated().name()).isEqualTo("p-1");
    }

    @Test
    void the_timeout_is_at_most_half_the_interval() {
        assertThatThrownBy(() -> probe(ProbeKind.LOGIN, 60, 31, 0, List.of(), "team", 3, 5).validated())
                .hasMessageContaining("at most half the interval (30 s)");
    }

    @Test
    void every_probe_has_an_owner() {
        assertThatThrownBy(() -> probe(ProbeKind.LOGIN, 60, 10, 0, List.of(), " ", 3, 5).validated()).hasMessageContaining("owner");
    }

    @Test
    void n_of_m_needs_n_at_most_m() {
        assertThatThrownBy(() -> probe(ProbeKind.LOGIN, 60, 10, 0, List.of(), "team", 6, 5).validated()).hasMessageContaining("N of the last M");
    }

    @Test
    void a_console_probe_has_no_regions() {
        assertThatThrownBy(() -> probe(ProbeKind.JOB_QUEUE, 60, 10, 0, List.of("eu-west"), "team", 3, 5).validated())
                .hasMessageContaining("runs in the console");
    }

    @Test
    void intervals_and_retries_are_bounded() {
        assertThatThrownBy(() -> probe(ProbeKind.LOGIN, 5, 1, 0, List.of(), "team", 3, 5).validated()).hasMessageContaining("10 seconds");
        assertThatThrownBy(() -> probe(ProbeKind.LOGIN, 60, 10, 6, List.of(), "team", 3, 5).validated()).hasMessageContaining("Retries");
    }

    @Test
    void an_owner_needs_somebody_to_page_and_real_addresses() {
        assertThatThrownBy(() -> new ProbeOwner("team-a", "Team A", null, "pagerduty", null, Duration.ofMinutes(5), List.of(), null, null).validated())
                .hasMessageContaining("webhook or at least one person");
        assertThatThrownBy(() -> new ProbeOwner("team-a", "Team A", null, "pagerduty", null, Duration.ofMinutes(5),
                List.of(new ProbeOwner.Contact("Ann", "not-an-address")), null, null).validated()).hasMessageContaining("email address");
        assertThatThrownBy(() -> new ProbeOwner("team-a", "Team A", java.net.URI.create("ftp://x/y"), "pagerduty", null, Duration.ofMinutes(5),
                List.of(), null, null).validated()).hasMessageContaining("http(s) URL");
        assertThat(new ProbeOwner("team-a", "Team A", java.net.URI.create("https://events.pagerduty.com/v2/enqueue"), "pagerduty", "k",
                Duration.ofMinutes(5), List.of(), null, null).validated().name()).isEqualTo("team-a");
    }

    @Test
    void a_maintenance_window_covers_its_probe_place_and_time_only() {
        Instant t = Instant.parse("2026-12-04T10:00:00Z");
        MaintenanceWindow w = new MaintenanceWindow(null, "login", null, t, t.plusSeconds(3600), "r", "op", t, null, null);
        assertThat(w.covers("login", "console", t.plusSeconds(10))).isTrue();
        assertThat(w.covers("login", "console", t.plusSeconds(3600))).as("ends exclusive").isFalse();
        assertThat(w.covers("export", "console", t.plusSeconds(10))).isFalse();
        MaintenanceWindow cancelled = new MaintenanceWindow(null, null, null, t, t.plusSeconds(3600), "r", "op", t, t, "op");
        assertThat(cancelled.covers("login", "console", t.plusSeconds(10))).isFalse();
    }
}
