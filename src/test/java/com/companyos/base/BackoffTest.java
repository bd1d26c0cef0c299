package com.companyos.base;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void delays_double_up_to_the_maximum() {
        Backoff b = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));
        assertThat(b.after(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.after(2)).isEqualTo(Duration.ofSeconds(4));
        assertThat(b.after(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(b.after(9)).isEqualTo(Duration.ofMinutes(5));
        assertThat(b.after(1000)).isEqualTo(Duration.ofMinutes(5));
    }
}
