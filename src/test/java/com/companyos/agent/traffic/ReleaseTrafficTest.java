package com.companyos.agent.traffic;

import com.companyos.agentapi.control.TrafficSplit;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseTrafficTest {

    private final ReleaseTraffic traffic = new ReleaseTraffic(new TrafficSettings("stable-1", null), Clock.systemUTC());

    private TrafficSplit split(long revision, double weight, Map<String, String> pins) {
        return new TrafficSplit(revision, "stable-1", "canary-2", "https://localhost:1", weight, pins, "key");
    }

    @Test
    void without_a_split_everything_is_served_here() {
        ReleaseTraffic.Route r = traffic.route("acme");
        assertThat(r.canary()).isFalse();
        assertThat(r.split()).isNull();
    }

    @Test
    void every_step_weight_is_served_within_two_points_over_two_thousand_requests() {
        long revision = 1;
        for (int weight : new int[]{1, 10, 50, 100}) {
            traffic.change(split(revision++, weight, Map.of()));
            int canary = 0;
            for (int i = 0; i < 2000; i++) {
                if (traffic.route("acme").canary()) {
                    canary++;
                }
            }
            assertThat(canary / 20.0).as("weight " + weight).isCloseTo(weight, org.assertj.core.data.Offset.offset(2.0));
            assertThat(canary).as("whole blocks are exact").isEqualTo(weight * 20);
        }
    }

    @Test
    void a_fractional_weight_is_kept_per_thousand() {
        traffic.change(split(1, 2.5, Map.of()));
        int canary = 0;
        for (int i = 0; i < 4000; i++) {
            canary += traffic.route("acme").canary() ? 1 : 0;
        }
        assertThat(canary).isEqualTo(100);
    }

    @Test
    void two_interleaved_clients_each_get_about_the_weight() {
        traffic.change(split(1, 10, Map.of()));
        int[] canary = new int[2];
        for (int i = 0; i < 10_000; i++) {
            canary[i % 2] += traffic.route(i % 2 == 0 ? "a" : "b").canary() ? 1 : 0;
        }
        assertThat(canary[0] / 50.0).isBetween(8.0, 12.0);
        assertThat(canary[1] / 50.0).isBetween(8.0, 12.0);
    }

    @Test
    void a_pinned_tenant_ignores_the_weight_and_is_counted_apart() {
        traffic.change(split(1, 0, Map.of("pinned", TrafficSplit.CANARY, "probe", TrafficSplit.STABLE)));
        ReleaseTraffic.Route pinned = traffic.route("pinned");
        assertThat(pinned.canary()).isTrue();
        assertThat(pinned.pinned()).isTrue();
        assertThat(traffic.route("other").canary()).isFalse();
        traffic.answered(pinned, TrafficSplit.CANARY, 200, true, 1_000_000);
        assertThat(traffic.state().served().get(ReleaseTraffic.PINNED).requests()).isEqualTo(1);
        assertThat(traffic.state().served().get(TrafficSplit.CANARY).requests()).isZero();
    }

    @Test
    void an_older_revision_never_undoes_a_newer_one_and_the_same_one_again_keeps_the_counters() {
        traffic.change(split(5, 10, Map.of()));
        traffic.answered(traffic.route("a"), TrafficSplit.STABLE, 200, true, 1);
        traffic.change(split(5, 10, Map.of()));
        assertThat(traffic.state().served().get(TrafficSplit.STABLE).requests()).isEqualTo(1);
        assertThatThrownBy(() -> traffic.change(TrafficSplit.stableOnly(4, "stable-1"))).isInstanceOf(ReleaseTraffic.StaleSplitException.class);
        assertThat(traffic.state().split().revision()).isEqualTo(5);
        assertThat(traffic.state().split().forwardKey()).as("the key is never read back").isNull();
    }

    @Test
    void a_request_in_flight_when_the_split_changes_is_counted_on_the_split_that_routed_it() {
        traffic.change(split(1, 50, Map.of()));
        ReleaseTraffic.Route inFlight = traffic.route("a");
        traffic.change(TrafficSplit.stableOnly(2, "stable-1"));
        traffic.answered(inFlight, inFlight.lane(), 200, true, 1);
        assertThat(traffic.state().served().get(TrafficSplit.STABLE).requests()).isZero();
        assertThat(traffic.state().served().get(TrafficSplit.CANARY).requests()).isZero();
    }

    @Test
    void a_split_must_name_this_process_release_as_stable() {
        assertThatThrownBy(() -> traffic.change(new TrafficSplit(1, "other", "canary-2", "https://x", 10, Map.of(), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runs release stable-1");
    }
}
