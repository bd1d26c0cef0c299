package com.companyos.agent.data;

import com.companyos.agent.AgentSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a governed write's time goes inside this agent, kept as Prometheus histograms for the agent's metrics endpoint
 * ({@code GET /agent/v1/metrics}, mutual TLS). When tenant writes are slow, these say whether the agent decided slowly,
 * waited for the group-commit writer, committed slowly (the regional database, its WAL flush) or was slow to run the
 * request thread again (a busy machine) — and by difference with what the tenant's application measured, how much lay
 * outside the agent (network, TLS, HTTP, the client). Only committed writes are counted; denials and failures are not.
 *
 * <p>Counters only grow (since the agent started), as Prometheus expects: the rate of a window is the difference of two
 * scrapes, and so are its percentiles (estimated within a bucket).
 */
@Component
public class WriteTimings {

    /** The stages of one committed governed write, in order; {@link #TOTAL} spans them all. */
    enum Stage {
        /** Arrival at the governed write service to its turn in the writer's queue: validation, Cedar, receipt signature. */
        DECIDE,
        /** Waiting in the writer's queue until its batch starts (usually behind the previous batch's commit). */
        QUEUE,
        /** Its batch's transaction, from the first statement to the commit and its WAL flush. */
        COMMIT,
        /** From the commit until the request thread runs again with the answer. */
        RESUME,
        TOTAL;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Upper bounds of the stage buckets, in seconds (100 µs to 5 s; a write's stages are mostly well under 10 ms). */
    static final double[] SECONDS = {0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.0075,
            0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
    /** Upper bounds of the batch size buckets (writes per group-commit transaction; at most {@link GovernedWriter#MAX_BATCH}). */
    static final double[] WRITES = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 100, 200};

    private final String region;
    private final Histogram[] stages = new Histogram[Stage.values().length];
    private final Histogram batches = new Histogram(WRITES);

    @Autowired
    public WriteTimings(AgentSettings settings) {
        this(settings.region().value());
    }

    WriteTimings(String region) {
        this.region = region;
        for (int i = 0; i < stages.length; i++) {
            stages[i] = new Histogram(SECONDS);
        }
    }

    /**
     * Records one committed write from its stage boundaries ({@link System#nanoTime()}): arrived at the service,
     * queued for the writer, its batch started, committed, and the request thread running again.
     */
    void write(long arrived, long queued, long batchStarted, long committed, long resumed) {
        stage(Stage.DECIDE, queued - arrived);
        stage(Stage.QUEUE, batchStarted - queued);
        stage(Stage.COMMIT, committed - batchStarted);
        stage(Stage.RESUME, resumed - committed);
        stage(Stage.TOTAL, resumed - arrived);
    }

    /** Records one group-commit transaction of {@code writes} writes. */
    void batch(int writes) {
        batches.observe(writes);
    }

    private void stage(Stage stage, long nanos) {
        stages[stage.ordinal()].observe(Math.max(0, nanos) / 1e9);
    }

    /** The histograms in the Prometheus text exposition format (version 0.0.4). */
    public String prometheus() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP companyos_governed_write_stage_seconds Time committed governed writes spent in each stage inside this agent: ")
                .append("decide (validation, Cedar decision, receipt signature), queue (waiting for the group-commit writer), commit ")
                .append("(the batch's transaction and WAL flush), resume (until the request thread runs again), total.\n");
        out.append("# TYPE companyos_governed_write_stage_seconds histogram\n");
        for (Stage stage : Stage.values()) {
            stages[stage.ordinal()].append(out, "companyos_governed_write_stage_seconds",
                    "region=\"" + region + "\",stage=\"" + stage.label() + "\"");
        }
        out.append("# HELP companyos_governed_write_batch_size Governed writes committed per group-commit transaction.\n");
        out.append("# TYPE companyos_governed_write_batch_size histogram\n");
        batches.append(out, "companyos_governed_write_batch_size", "region=\"" + region + "\"");
        return out.toString();
    }

    /** A cumulative histogram with fixed buckets; safe for concurrent observations. */
    static final class Histogram {
        private final double[] bounds;
        private final AtomicLongArray counts; // per bucket (not cumulative); the last is +Inf
        private final LongAdder micros = new LongAdder(); // the sum, in millionths of the unit (exact under concurrency)

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new AtomicLongArray(bounds.length + 1);
        }

        void observe(double value) {
            int i = 0;
            while (i < bounds.length && value > bounds[i]) {
                i++;
            }
            counts.incrementAndGet(i);
            micros.add(Math.round(value * 1e6));
        }

        void append(StringBuilder out, String name, String labels) {
            long cumulative = 0;
            for (int i = 0; i <= bounds.length; i++) {
                cumulative += counts.get(i);
                String le = i < bounds.length ? format(bounds[i]) : "+Inf";
                out.append(name).append("_bucket{").append(labels).append(",le=\"").append(le).append("\"} ").append(cumulative).append('\n');
            }
            out.append(name).append("_sum{").append(labels).append("} ").append(format(micros.sum() / 1e6)).append('\n');
            out.append(name).append("_count{").append(labels).append("} ").append(cumulative).append('\n');
        }

        private static String format(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "");
        }
    }
}
