package com.companyos.bench;

import com.companyos.support.AgentMetrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The eu-west agent's own account of its governed writes, from two scrapes of its Prometheus histograms
 * ({@code companyos_governed_write_stage_seconds}, {@code companyos_governed_write_batch_size} on
 * {@code GET /agent/v1/metrics}): what happened between them, per stage, with percentiles estimated within a bucket
 * (linear interpolation, as Prometheus' {@code histogram_quantile} does).
 */
final class AgentStages {

    static final String STAGE = "companyos_governed_write_stage_seconds";
    static final String BATCH = "companyos_governed_write_batch_size";
    static final List<String> STAGES = List.of("decide", "queue", "commit", "resume", "total");

    /** One histogram: cumulative count per upper bound (+Inf as infinity), the sum and the count. */
    record Histogram(TreeMap<Double, Double> buckets, double sum, double count) {

        Histogram minus(Histogram earlier) {
            TreeMap<Double, Double> b = new TreeMap<>();
            buckets.forEach((le, n) -> b.put(le, n - earlier.buckets.getOrDefault(le, 0.0)));
            return new Histogram(b, sum - earlier.sum, count - earlier.count);
        }

        /** The {@code q} quantile, interpolated within its bucket (the lowest bucket starts at 0). */
        double quantile(double q) {
            if (count <= 0) {
                return Double.NaN;
            }
            double rank = q * count;
            double lower = 0;
            double below = 0;
            for (Map.Entry<Double, Double> e : buckets.entrySet()) {
                if (e.getValue() >= rank) {
                    if (e.getKey().isInfinite()) {
                        return lower; // beyond the last bound: the best we can say is "at least"
                    }
                    double inBucket = e.getValue() - below;
                    return inBucket <= 0 ? e.getKey() : lower + (e.getKey() - lower) * (rank - below) / inBucket;
                }
                lower = e.getKey();
                below = e.getValue();
            }
            return lower;
        }

        /** The upper bound of the bucket holding the {@code q} quantile: for whole numbers (writes per batch). */
        double bound(double q) {
            double rank = q * count;
            for (Map.Entry<Double, Double> e : buckets.entrySet()) {
                if (e.getValue() >= rank) {
                    return e.getKey();
                }
            }
            return Double.NaN;
        }

        double mean() {
            return count <= 0 ? Double.NaN : sum / count;
        }
    }

    /** The histograms named {@code name} in a scrape, keyed by their labels other than {@code le}. */
    static Map<String, Histogram> parse(String exposition, String name) {
        Map<String, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
        Map<String, Double> sums = new LinkedHashMap<>();
        Map<String, Double> counts = new LinkedHashMap<>();
        for (Map.Entry<String, Double> sample : AgentMetrics.samples(exposition).entrySet()) {
            String series = sample.getKey();
            int open = series.indexOf('{');
            if (!series.startsWith(name + "_") || open < 0 || !series.endsWith("}")) {
                continue;
            }
            String metric = series.substring(0, open);
            double value = sample.getValue();
            List<String> labels = new ArrayList<>();
            String le = null;
            for (String label : series.substring(open + 1, series.length() - 1).split(",")) {
                if (label.startsWith("le=")) {
                    le = label.substring(4, label.length() - 1);
                } else {
                    labels.add(label);
                }
            }
            String key = String.join(",", labels);
            switch (metric.substring(name.length())) {
                case "_bucket" -> buckets.computeIfAbsent(key, k -> new TreeMap<>())
                        .put("+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value);
                case "_sum" -> sums.put(key, value);
                case "_count" -> counts.put(key, value);
                default -> { }
            }
        }
        Map<String, Histogram> out = new LinkedHashMap<>();
        buckets.forEach((key, b) -> out.put(key, new Histogram(b, sums.getOrDefault(key, 0.0), counts.getOrDefault(key, 0.0))));
        return out;
    }

    /** Per stage (and the batches) what happened between two scrapes of one agent, for the report. */
    static Map<String, Object> between(String before, String after, String region) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Histogram> b = parse(before, STAGE);
        Map<String, Histogram> a = parse(after, STAGE);
        for (String stage : STAGES) {
            String key = "region=\"" + region + "\",stage=\"" + stage + "\"";
            Histogram h = a.get(key);
            if (h == null) {
                continue;
            }
            Histogram d = b.containsKey(key) ? h.minus(b.get(key)) : h;
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("count", (long) d.count());
            s.put("p50Millis", d.quantile(0.50) * 1000);
            s.put("p95Millis", d.quantile(0.95) * 1000);
            s.put("p99Millis", d.quantile(0.99) * 1000);
            s.put("meanMillis", d.mean() * 1000);
            m.put(stage, s);
        }
        String key = "region=\"" + region + "\"";
        Histogram batches = parse(after, BATCH).get(key);
        if (batches != null) {
            Histogram earlier = parse(before, BATCH).get(key);
            Histogram d = earlier == null ? batches : batches.minus(earlier);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("batches", (long) d.count());
            s.put("meanWrites", d.mean());
            s.put("p95Writes", d.bound(0.95));
            m.put("batches", s);
        }
        return m;
    }

    private AgentStages() {
    }
}
