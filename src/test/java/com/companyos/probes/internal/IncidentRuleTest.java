package com.companyos.probes.internal;

import com.companyos.probes.ProbeRun;
import com.companyos.probes.ProbeStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static com.companyos.probes.ProbeStatus.DEGRADED;
import static com.companyos.probes.ProbeStatus.FAIL;
import static com.companyos.probes.ProbeStatus.PASS;
import static com.companyos.probes.ProbeStatus.PROBE_ERROR;
import static org.assertj.core.api.Assertions.assertThat;

class IncidentRuleTest {

    private static final IncidentRule PATH = new IncidentRule(3, 5, 2, FAIL);
    private static final IncidentRule PROBE = new IncidentRule(3, 5, 2, PROBE_ERROR);

    /** Runs newest first. */
    private static List<ProbeRun> runs(ProbeStatus... newestFirst) {
        return Arrays.stream(newestFirst).map(s -> new ProbeRun(null, "p", "console", Instant.EPOCH, Instant.EPOCH, s, 1, 1, null, "", List.of(), "c"))
                .toList();
    }

    @Test
    void three_of_the_last_five_failing_opens_when_the_newest_failed() {
        assertThat(PATH.opens(runs(FAIL, PASS, FAIL, PASS, FAIL))).isTrue();
        assertThat(PATH.opens(runs(FAIL, FAIL, PASS, PASS, PASS, FAIL))).as("the sixth is outside the window").isFalse();
        assertThat(PATH.opens(runs(PASS, FAIL, FAIL, FAIL))).as("the newest passed: nothing new to page").isFalse();
        assertThat(PATH.opens(runs(FAIL, FAIL))).isFalse();
    }

    @Test
    void probe_errors_count_for_the_probe_cause_not_the_path() {
        assertThat(PATH.opens(runs(PROBE_ERROR, PROBE_ERROR, PROBE_ERROR))).isFalse();
        assertThat(PROBE.opens(runs(PROBE_ERROR, PROBE_ERROR, PROBE_ERROR))).isTrue();
    }

    @Test
    void recovery_needs_passing_runs_in_a_row() {
        assertThat(PATH.recovered(runs(PASS))).isFalse();
        assertThat(PATH.recovered(runs(PASS, FAIL, FAIL))).isFalse();
        assertThat(PATH.recovered(runs(DEGRADED, PASS, FAIL))).as("degraded answered correctly").isTrue();
        assertThat(PATH.recovered(runs(PROBE_ERROR, PASS, FAIL))).as("a probe error says nothing about the path").isFalse();
        assertThat(PROBE.recovered(runs(FAIL, PASS, PROBE_ERROR))).as("the probe works again, whatever the path does").isTrue();
    }
}
