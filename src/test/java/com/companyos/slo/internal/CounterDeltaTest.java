package com.companyos.slo.internal;

import com.companyos.slo.WindowCounts;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CounterDeltaTest {

    private static final Instant T = Instant.parse("2026-12-03T12:00:00Z");

    /** Cumulative buckets: {@code fast} writes within 5 ms, {@code slow} above every bound. */
    private static CounterDelta.Counter counter(String epoch, long requests, long errors, long fast, long slow) {
        List<Long> buckets = new ArrayList<>();
        for (int i = 0; i < WindowCounts.BUCKETS; i++) {
            buckets.add(i == WindowCounts.BUCKETS - 1 ? fast + slow : fast);
        }
        return new CounterDelta.Counter("region:eu-west", epoch, requests, errors, fast + slow, buckets, T);
    }

    @Test
    void the_first_read_is_a_baseline_only() {
        assertThat(CounterDelta.between(null, counter("a", 1000, 10, 100, 0))).isEmpty();
    }

    @Test
    void the_delta_of_two_reads_of_one_process_is_their_difference_per_bucket() {
        var d = CounterDelta.between(counter("a", 1000, 10, 100, 5), counter("a", 1500, 12, 180, 9)).orElseThrow();
        assertThat(d.reset()).isFalse();
        assertThat(d.counts().requests()).isEqualTo(500);
        assertThat(d.counts().serverErrors()).isEqualTo(2);
        assertThat(d.counts().writes()).isEqualTo(84);
        assertThat(d.counts().buckets().get(0)).isEqualTo(80);
        assertThat(d.counts().buckets().get(WindowCounts.BUCKETS - 1)).isEqualTo(4);
        assertThat(d.counts().buckets().stream().mapToLong(Long::longValue).sum()).isEqualTo(84);
    }

    @Test
    void a_restarted_agent_counts_what_the_new_process_counted() {
        // New epoch, counters lower: the agent restarted; the interval is what it counted since.
        var d = CounterDelta.between(counter("a", 1000, 10, 100, 5), counter("b", 40, 3, 7, 1)).orElseThrow();
        assertThat(d.reset()).isTrue();
        assertThat(d.counts().requests()).isEqualTo(40);
        assertThat(d.counts().serverErrors()).isEqualTo(3);
        assertThat(d.counts().writes()).isEqualTo(8);
    }

    @Test
    void a_new_epoch_is_a_reset_even_when_the_counters_are_higher() {
        // The new process already answered more than the old one had when last read: never a negative or a mixed delta.
        var d = CounterDelta.between(counter("a", 10, 1, 2, 0), counter("b", 5000, 2, 300, 0)).orElseThrow();
        assertThat(d.reset()).isTrue();
        assertThat(d.counts().requests()).isEqualTo(5000);
        assertThat(d.counts().serverErrors()).isEqualTo(2);
    }

    @Test
    void a_counter_going_down_under_the_same_epoch_is_a_reset() {
        var d = CounterDelta.between(counter("a", 1000, 10, 100, 5), counter("a", 900, 10, 100, 5)).orElseThrow();
        assertThat(d.reset()).isTrue();
        assertThat(d.counts().requests()).isEqualTo(900);
    }
}
