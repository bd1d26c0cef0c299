package com.companyos.agent.traffic;

import com.companyos.agentapi.control.FaultConfig;
import com.companyos.agentapi.control.RequestStats;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectionTest {

    @Test
    void runtime_changes_are_refused_unless_runtime_control_is_on() {
        FaultInjection off = new FaultInjection(new FaultSettings(0.1, Duration.ofMillis(5), false, false));
        assertThat(off.current()).isEqualTo(new FaultConfig(0.1, 5, false));
        assertThatThrownBy(() -> off.change(new FaultConfig(0.5, 0, true))).isInstanceOf(FaultInjection.RuntimeControlOffException.class);
        assertThat(off.current().errorShare()).isEqualTo(0.1);

        FaultInjection on = new FaultInjection(new FaultSettings(0, Duration.ZERO, true, false));
        assertThat(on.change(new FaultConfig(0.5, 20, false))).isEqualTo(new FaultConfig(0.5, 20, true));
    }

    @Test
    void an_error_share_of_one_fails_every_request_and_zero_none() {
        FaultInjection faults = new FaultInjection(new FaultSettings(0, Duration.ZERO, true, false));
        for (int i = 0; i < 100; i++) {
            assertThat(faults.failNow(new FaultConfig(1, 0, true))).isTrue();
            assertThat(faults.failNow(new FaultConfig(0, 0, true))).isFalse();
        }
        assertThatThrownBy(() -> new FaultConfig(1.5, 0, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_meter_counts_5xx_and_puts_write_latency_in_cumulative_buckets() {
        RequestMeter meter = new RequestMeter(Clock.systemUTC());
        meter.answered(200, true, 3_000_000);    // 3 ms
        meter.answered(200, true, 50_000_000);   // 50 ms: in the 50 ms bucket (le)
        meter.answered(200, true, 20_000_000_000L); // 20 s: above every bound
        meter.answered(404, false, 1_000_000);
        meter.answered(500, true, 1_000_000);    // a failed write: counted as an error, not in the latency histogram
        RequestStats s = meter.snapshot();
        assertThat(s.requests()).isEqualTo(5);
        assertThat(s.serverErrors()).isEqualTo(1);
        assertThat(s.writes()).isEqualTo(3);
        assertThat(s.writeLatency().get(0)).isEqualTo(new RequestStats.Bucket(5, 1));
        assertThat(s.writeLatency().get(RequestStats.BOUNDS_MILLIS.indexOf(50L))).isEqualTo(new RequestStats.Bucket(50, 2));
        assertThat(s.writeLatency().get(s.writeLatency().size() - 1)).isEqualTo(new RequestStats.Bucket(-1, 3));
    }
}
