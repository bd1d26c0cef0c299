package com.companyos.slo;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WindowCountsTest {

    private static final SloDefinition DEFAULTS = SloDefinition.defaults("region:eu-west");

    /** Writes per bucket index (bounds 5, 10, 25, 50, 100, ... ms; the last index above every bound). */
    private static WindowCounts counts(long requests, long errors, long... perBucket) {
        List<Long> buckets = new ArrayList<>();
        long writes = 0;
        for (int i = 0; i < WindowCounts.BUCKETS; i++) {
            long n = i < perBucket.length ? perBucket[i] : 0;
            buckets.add(n);
            writes += n;
        }
        return new WindowCounts(requests, errors, writes, buckets);
    }

    @Test
    void the_burn_rate_is_the_error_share_over_the_budget_share() {
        // 99.9 %: a budget of 0.1 %; 1.44 % errors burn it 14.4 times as fast as the SLO allows.
        assertThat(counts(10_000, 144).burnRate(Sli.AVAILABILITY, DEFAULTS)).isCloseTo(14.4, within(1e-9));
        assertThat(counts(10_000, 10).burnRate(Sli.AVAILABILITY, DEFAULTS)).isCloseTo(1.0, within(1e-9));
        assertThat(counts(1000, 500).burnRate(Sli.AVAILABILITY, DEFAULTS)).isCloseTo(500, within(1e-9));
        assertThat(counts(0, 0).burnRate(Sli.AVAILABILITY, DEFAULTS)).isZero();
    }

    @Test
    void the_latency_burn_rate_counts_writes_above_the_threshold() {
        // 95 % within 50 ms: 10 of 100 writes above 50 ms is a 10 % bad share, twice the 5 % budget.
        WindowCounts c = counts(100, 0, 50, 30, 5, 5, 10);
        assertThat(c.slowWrites(50)).isEqualTo(10);
        assertThat(c.burnRate(Sli.LATENCY, DEFAULTS)).isCloseTo(2.0, within(1e-9));
        assertThatThrownBy(() -> c.slowWrites(60)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bounds");
    }

    @Test
    void quantiles_interpolate_inside_their_bucket() {
        // 100 writes: 50 in (0, 5], 50 in (5, 10] -> p50 at 5 ms, p95 at 9.5 ms.
        WindowCounts c = counts(100, 0, 50, 50);
        assertThat(c.latencyQuantileMillis(0.5)).isCloseTo(5.0, within(1e-9));
        assertThat(c.latencyQuantileMillis(0.95)).isCloseTo(9.5, within(1e-9));
        // Above every bound: reported as the highest bound.
        long[] slow = new long[WindowCounts.BUCKETS];
        slow[WindowCounts.BUCKETS - 1] = 10;
        assertThat(counts(10, 0, slow).latencyQuantileMillis(0.99)).isEqualTo(10_000);
        assertThat(counts(0, 0).latencyQuantileMillis(0.5)).isNaN();
    }

    @Test
    void the_error_budget_left_is_what_the_period_has_not_spent() {
        SloStatus half = status(counts(100_000, 50));
        assertThat(half.budgetRemaining(Sli.AVAILABILITY)).isCloseTo(0.5, within(1e-9));
        assertThat(status(counts(100_000, 200)).budgetRemaining(Sli.AVAILABILITY)).isCloseTo(-1.0, within(1e-9));
        assertThat(status(counts(0, 0)).budgetRemaining(Sli.AVAILABILITY)).isEqualTo(1);
    }

    @Test
    void a_rule_fires_only_when_both_windows_burn() {
        assertThat(BurnRateRule.FAST_PAGE.fires(14.4, 14.4)).isTrue();
        assertThat(BurnRateRule.FAST_PAGE.fires(20, 14.3)).as("long window only: burning stopped").isFalse();
        assertThat(BurnRateRule.FAST_PAGE.fires(2, 500)).as("short window only: a blip").isFalse();
        assertThat(BurnRateRule.SLOW_PAGE.fires(6, 6)).isTrue();
        assertThat(BurnRateRule.TICKET.fires(1, 0.99)).isFalse();
    }

    @Test
    void scaled_windows_never_get_shorter_than_two_samples() {
        SloSettings settings = new SloSettings(true, Duration.ofSeconds(1), 0.01, Duration.ofDays(35),
                new SloSettings.Webhook(null, "pagerduty", "", Duration.ofSeconds(5), 8, Duration.ofSeconds(2),
                        Duration.ofMinutes(5), "http://localhost:8080"));
        assertThat(settings.scaled(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(36));
        assertThat(settings.scaled(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.scaled(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(2));
    }

    private static SloStatus status(WindowCounts period) {
        return new SloStatus("region:eu-west", "eu-west", "ops", DEFAULTS, Duration.ofHours(1), period, period,
                List.of(), List.of(), null);
    }
}
