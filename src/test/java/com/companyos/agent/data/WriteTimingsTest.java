package com.companyos.agent.data;

import com.companyos.agent.data.WriteTimings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.companyos.support.AgentMetrics.samples;
import static org.assertj.core.api.Assertions.assertThat;

class WriteTimingsTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void each_stage_of_a_write_lands_in_its_bucket_and_the_buckets_are_cumulative() {
        WriteTimings timings = new WriteTimings("eu-west");
        long t = 1_000 * MS;
        // decide 0.2 ms, queue 1.2 ms, commit 0.9 ms, resume 0.05 ms: 2.35 ms in all
        timings.write(t, t + MS / 5, t + 14 * MS / 10, t + 23 * MS / 10, t + 235 * MS / 100);
        // a slow one: decide 0.1 ms, queue 6 ms, commit 12 ms, resume 0.4 ms
        timings.write(t, t + MS / 10, t + 61 * MS / 10, t + 181 * MS / 10, t + 185 * MS / 10);
        timings.batch(1);
        timings.batch(5);

        String text = timings.prometheus();
        Map<String, Double> s = samples(text);
        String commit = "region=\"eu-west\",stage=\"commit\"";
        assertThat(s.get("companyos_governed_write_stage_seconds_bucket{" + commit + ",le=\"0.00075\"}")).isZero();
        assertThat(s.get("companyos_governed_write_stage_seconds_bucket{" + commit + ",le=\"0.001\"}")).isEqualTo(1);
        assertThat(s.get("companyos_governed_write_stage_seconds_bucket{" + commit + ",le=\"0.01\"}")).isEqualTo(1);
        assertThat(s.get("companyos_governed_write_stage_seconds_bucket{" + commit + ",le=\"0.015\"}")).isEqualTo(2);
        assertThat(s.get("companyos_governed_write_stage_seconds_bucket{" + commit + ",le=\"+Inf\"}")).isEqualTo(2);
        assertThat(s.get("companyos_governed_write_stage_seconds_count{" + commit + "}")).isEqualTo(2);
        assertThat(s.get("companyos_governed_write_stage_seconds_sum{" + commit + "}")).isCloseTo(0.0129, org.assertj.core.data.Offset.offset(1e-6));
        String total = "region=\"eu-west\",stage=\"total\"";
        assertThat(s.get("companyos_governed_write_stage_seconds_sum{" + total + "}")).isCloseTo(0.02085, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(s.get("companyos_governed_write_stage_seconds_bucket{" + total + ",le=\"0.003\"}")).isEqualTo(1);
        assertThat(s.get("companyos_governed_write_stage_seconds_bucket{" + total + ",le=\"0.02\"}")).isEqualTo(2);
        String queue = "region=\"eu-west\",stage=\"queue\"";
        assertThat(s.get("companyos_governed_write_stage_seconds_bucket{" + queue + ",le=\"0.0015\"}")).isEqualTo(1);
        assertThat(s.get("companyos_governed_write_stage_seconds_bucket{" + queue + ",le=\"0.005\"}")).isEqualTo(1);
        assertThat(s.get("companyos_governed_write_stage_seconds_bucket{" + queue + ",le=\"0.0075\"}")).isEqualTo(2);
        assertThat(s.get("companyos_governed_write_batch_size_bucket{region=\"eu-west\",le=\"1\"}")).isEqualTo(1);
        assertThat(s.get("companyos_governed_write_batch_size_bucket{region=\"eu-west\",le=\"4\"}")).isEqualTo(1);
        assertThat(s.get("companyos_governed_write_batch_size_bucket{region=\"eu-west\",le=\"6\"}")).isEqualTo(2);
        assertThat(s.get("companyos_governed_write_batch_size_sum{region=\"eu-west\"}")).isEqualTo(6);
        assertThat(text).contains("# TYPE companyos_governed_write_stage_seconds histogram",
                "# TYPE companyos_governed_write_batch_size histogram");
        for (String stage : new String[]{"decide", "queue", "commit", "resume", "total"}) {
            assertThat(s).containsKey("companyos_governed_write_stage_seconds_count{region=\"eu-west\",stage=\"" + stage + "\"}");
        }
    }

    @Test
    void a_value_on_a_bucket_bound_counts_in_that_bucket_as_prometheus_defines_le() {
        WriteTimings.Histogram h = new WriteTimings.Histogram(new double[]{1, 2});
        h.observe(1);
        h.observe(1.5);
        h.observe(3);
        StringBuilder out = new StringBuilder();
        h.append(out, "x", "a=\"b\"");
        assertThat(out.toString()).contains("x_bucket{a=\"b\",le=\"1\"} 1\n", "x_bucket{a=\"b\",le=\"2\"} 2\n",
                "x_bucket{a=\"b\",le=\"+Inf\"} 3\n", "x_sum{a=\"b\"} 5.5\n", "x_count{a=\"b\"} 3\n");
    }

    @Test
    void concurrent_writes_are_all_counted() throws Exception {
        WriteTimings timings = new WriteTimings("eu-west");
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int n = 0; n < 10_000; n++) {
                    timings.write(0, MS / 10, MS / 5, MS, 2 * MS);
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        Map<String, Double> s = samples(timings.prometheus());
        assertThat(s.get("companyos_governed_write_stage_seconds_count{region=\"eu-west\",stage=\"total\"}")).isEqualTo(40_000);
        assertThat(s.get("companyos_governed_write_stage_seconds_sum{region=\"eu-west\",stage=\"total\"}")).isEqualTo(80.0);
    }
}
