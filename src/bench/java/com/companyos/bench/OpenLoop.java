package com.companyos.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * An open-loop load generator: operation {@code i} is due at {@code start + i / rate}, is sent then whether or not
 * earlier ones have finished, and its latency is measured from that scheduled time (not from when it was actually
 * sent), so a stalled server cannot hide its queueing delay (no coordinated omission).
 */
final class OpenLoop {

    /** What one phase measured. Latencies in microseconds, over the operations that succeeded. */
    record Result(String name, int targetRate, double seconds, int scheduled, int succeeded, int failed, int timedOut,
                  double achievedRate, double maxSendLagMillis, long[] sortedMicros, String firstError, List<Map<String, Object>> timeline) {

        long percentile(double p) {
            return OpenLoop.percentile(sortedMicros, sortedMicros.length, p);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("targetRate", targetRate);
            m.put("seconds", seconds);
            m.put("scheduled", scheduled);
            m.put("succeeded", succeeded);
            m.put("failed", failed);
            m.put("timedOut", timedOut);
            m.put("achievedRate", Math.round(achievedRate * 10) / 10.0);
            m.put("maxSendLagMillis", Math.round(maxSendLagMillis * 100) / 100.0);
            m.put("p50Micros", percentile(50));
            m.put("p90Micros", percentile(90));
            m.put("p95Micros", percentile(95));
            m.put("p99Micros", percentile(99));
            m.put("p999Micros", percentile(99.9));
            m.put("maxMicros", sortedMicros.length == 0 ? -1 : sortedMicros[sortedMicros.length - 1]);
            m.put("firstError", firstError);
            if (!timeline.isEmpty()) {
                m.put("perSecond", timeline);
            }
            return m;
        }

        String line() {
            return String.format("%-40s target %d/s, achieved %.1f/s, ok %d, failed %d, timed out %d | p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms",
                    name, targetRate, achievedRate, succeeded, failed, timedOut, percentile(50) / 1000.0, percentile(95) / 1000.0,
                    percentile(99) / 1000.0, sortedMicros.length == 0 ? -1 : sortedMicros[sortedMicros.length - 1] / 1000.0);
        }
    }

    private OpenLoop() {
    }

    /** Nearest-rank percentile {@code p} (0-100) of the first {@code n} values of {@code sorted}; -1 if there are none. */
    static long percentile(long[] sorted, int n, double p) {
        if (n == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(index, n - 1))];
    }

    /**
     * The phase second by second (by due time): how many succeeded, their p50, p95 and max in milliseconds. A tail
     * made of a few bad seconds (a pause somewhere) reads differently from one spread over the whole phase.
     */
    static List<Map<String, Object>> perSecond(long[] latencyNanos, boolean[] ok, int rate) {
        List<Map<String, Object>> seconds = new ArrayList<>();
        for (int from = 0; from < latencyNanos.length; from += rate) {
            int to = Math.min(latencyNanos.length, from + rate);
            long[] micros = new long[to - from];
            int n = 0;
            for (int i = from; i < to; i++) {
                if (ok[i] && latencyNanos[i] >= 0) {
                    micros[n++] = latencyNanos[i] / 1000;
                }
            }
            Arrays.sort(micros, 0, n);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("second", from / rate);
            m.put("ok", n);
            m.put("p50Millis", n == 0 ? -1 : percentile(micros, n, 50) / 1000.0);
            m.put("p95Millis", n == 0 ? -1 : percentile(micros, n, 95) / 1000.0);
            m.put("maxMillis", n == 0 ? -1 : percentile(micros, n, 100) / 1000.0);
            seconds.add(m);
        }
        return seconds;
    }

    /** Runs {@code count} operations one after the other (closed loop): the service time of one, unloaded. */
    static Result sequential(String name, int count, LongFunction<CompletableFuture<String>> operation) {
        long[] micros = new long[count];
        int ok = 0;
        int failed = 0;
        String firstError = null;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            String error;
            try {
                error = operation.apply(i).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                error = e.toString();
            }
            long t1 = System.nanoTime();
            if (error == null) {
                micros[ok++] = (t1 - t0) / 1000;
            } else {
                failed++;
                firstError = firstError == null ? error : firstError;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = Arrays.copyOf(micros, ok);
        Arrays.sort(sorted);
        return new Result(name, 0, seconds, count, ok, failed, 0, ok / seconds, 0, sorted, firstError, List.of());
    }

    /**
     * Runs {@code operation} at {@code rate} per second for {@code seconds}, then waits (at most {@code drainSeconds})
     * for the stragglers. The operation's future completes with {@code null} on success or an error description.
     */
    static Result run(String name, int rate, double seconds, double drainSeconds, LongFunction<CompletableFuture<String>> operation)
            throws InterruptedException {
        int n = (int) Math.round(rate * seconds);
        long intervalNanos = 1_000_000_000L / rate;
        long[] latencyNanos = new long[n];
        Arrays.fill(latencyNanos, -1);
        boolean[] ok = new boolean[n];
        long[] completedAt = new long[n];
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(n);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long maxLag = 0;
        for (int i = 0; i < n; i++) {
            long due = start + i * intervalNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            maxLag = Math.max(maxLag, System.nanoTime() - due);
            final int index = i;
            CompletableFuture<String> f;
            try {
                f = operation.apply(i);
            } catch (RuntimeException e) {
                f = CompletableFuture.completedFuture(e.toString());
            }
            f.whenComplete((error, thrown) -> {
                long now = System.nanoTime();
                latencyNanos[index] = now - due;
                completedAt[index] = now;
                String problem = thrown != null ? String.valueOf(thrown) : error;
                if (problem == null) {
                    ok[index] = true;
                } else {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, problem);
                }
                done.countDown();
            });
        }
        done.await((long) (drainSeconds * 1000), TimeUnit.MILLISECONDS);
        // Snapshot (stragglers still running are counted as timed out).
        int succeeded = 0;
        int timedOut = 0;
        long lastCompletion = start;
        long[] micros = new long[n];
        for (int i = 0; i < n; i++) {
            if (latencyNanos[i] < 0) {
                timedOut++;
            } else if (ok[i]) {
                micros[succeeded++] = latencyNanos[i] / 1000;
                lastCompletion = Math.max(lastCompletion, completedAt[i]);
            }
        }
        long[] sorted = Arrays.copyOf(micros, succeeded);
        Arrays.sort(sorted);
        double elapsed = Math.max(seconds, (lastCompletion - start) / 1e9);
        return new Result(name, rate, seconds, n, succeeded, failed.get(), timedOut, succeeded / elapsed, maxLag / 1e6, sorted,
                firstError.get(), perSecond(latencyNanos, ok, rate));
    }
}
