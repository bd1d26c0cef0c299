package com.companyos.bench;

import com.companyos.agentapi.AgentPaths;
import com.companyos.regions.RegionAgents;
import com.companyos.releases.ReleaseRegistration;
import com.companyos.releases.ReleaseService;
import com.companyos.releases.Rollout;
import com.companyos.releases.RolloutState;
import com.companyos.releases.RolloutVerdict;
import com.companyos.releases.internal.CanaryStep;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canary case of {@code bin/bench} ({@code BENCH_ONLY=canary}): the whole embedded product and a tenant in us-east
 * under steady open-loop traffic ({@code bench.rate}, 200/s, governed GETs and PUTs alternating). Canaries
 * {@code bench.canaries} (5) faulty releases one after the other — configuration-only releases of the release us-east
 * started with, half of whose governed requests fail — at 50 % with a long minimum duration, and lets the analysis abort
 * each by itself; then one good configuration-only release at 10 %, aborted by an operator {@code bench.split-seconds}
 * (1) after its split is in force — soon, because the analysis may abort a freshly started canary by itself on its
 * cold JIT's write p99 (it did in the first run). For each: the time from its split being in force at the router to the abort, and the rollout's measured
 * abort verdict → all-stable. Tenant latency is split afterwards by when each request was due: while a split is in
 * force, and in windows of {@code bench.baseline-seconds} (10) before each canary, when none runs. Writes
 * {@code target/bench/canary.json} for {@link CanarySection}; us-east ends on the release it started with.
 */
class CanaryLoad extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String REGION = US_EAST.value();
    private static final String BODY = "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"bench canary\"}";

    @Autowired
    ReleaseService releases;
    @Autowired
    TenantService tenants;
    @Autowired
    RegionAgents agents;

    /** One tenant request: when it was due (epoch ms), its latency from then, and who answered. */
    record Sample(long dueMillis, long micros, boolean ok, boolean byCanary, String outcome) {
    }

    /** A span of the run the samples are sorted into: a split in force (of a faulty or the good release), or no canary. */
    record Span(String kind, long fromMillis, long toMillis) {
    }

    @Test
    void faulty_canaries_abort_by_themselves_and_the_router_returns_to_stable() throws Exception {
        int rate = Integer.getInteger("bench.rate", 200);
        int canaries = Integer.getInteger("bench.canaries", 5);
        long warmup = (long) (Double.parseDouble(System.getProperty("bench.warmup", "30")) * 1000);
        long baseline = (long) (Double.parseDouble(System.getProperty("bench.baseline-seconds", "10")) * 1000);
        long held = (long) (Double.parseDouble(System.getProperty("bench.split-seconds", "1")) * 1000);
        int connections = Integer.getInteger("bench.http-connections", 32);
        awaitAllRegionsHealthy();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        Tenant t = TestTenants.createUnlocked(tenants, TestTenants.request(TestTenants.slug("benchcanary"), false, REGION, "eu-west", null, "US"));
        String token = As.operator(() -> tenants.issueToken(t.slug(), "bench")).token();
        Path ca = DATA_DIR.resolve("pki/ca.crt");
        assertThat(new DataApi(ca, DATA_PORTS.get(US_EAST), t.slug(), token).put("seed", BODY).statusCode()).isEqualTo(200);
        String before = waits().stable();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("region", REGION);
        result.put("rate", rate);
        result.put("releaseBefore", before);
        List<Map<String, Object>> runs = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
        AtomicBoolean load = new AtomicBoolean(true);
        HttpClient http = HttpClient.newBuilder().sslContext(DataApi.trusting(ca)).version(HttpClient.Version.HTTP_1_1).build();
        String base = "https://localhost:" + DATA_PORTS.get(US_EAST) + "/data/v1/tenants/" + t.slug() + "/records/";
        Thread traffic = new Thread(() -> openLoop(http, base, "Bearer " + token, rate, connections, before, load, samples), "bench-canary-traffic");
        traffic.start();
        long started = System.currentTimeMillis();
        try {
            System.out.println("[bench] warm-up: " + warmup / 1000 + " s of tenant traffic at " + rate + "/s");
            sleep(warmup);
            for (int n = 1; n <= canaries + 1; n++) {
                int i = n;
                boolean operator = i > canaries;
                long from = System.currentTimeMillis();
                sleep(baseline);
                spans.add(new Span("none", from, System.currentTimeMillis()));
                String version = (operator ? "bench-good-" : "bench-faulty-") + suffix + "-" + i;
                Map<String, String> settings = operator ? Map.of() : Map.of("companyos.agent.faults.error-share", "0.5");
                As.operator(() -> releases.register(new ReleaseRegistration(version, before, settings,
                        operator ? "Bench: a good release, aborted by an operator" : "Bench: half of its governed requests fail"), null));
                List<CanaryStep> steps = operator
                        ? List.of(new CanaryStep(10, Duration.ofMinutes(10), 1_000_000, Duration.ofMinutes(10)),
                                new CanaryStep(100, Duration.ofMinutes(10), 1, Duration.ofMinutes(10)))
                        : List.of(new CanaryStep(50, Duration.ofMinutes(10), 1_000_000, Duration.ofMinutes(10)),
                                new CanaryStep(100, Duration.ofMinutes(10), 1, Duration.ofMinutes(10)));
                Instant launched = Instant.now();
                Rollout rollout = As.operator(() -> releases.startCanary(REGION, version, "Bench: canary " + i, false, null, steps));
                Instant split = waits().splitInForce(rollout.id());
                boolean byPerson = false;
                if (operator) {
                    sleep(held);
                    if (!As.operator(() -> releases.rollout(rollout.id())).state().finished()) {
                        As.operator(() -> releases.abort(rollout.id(), "Bench: an operator aborts the good release"));
                        byPerson = true;
                    }
                }
                Rollout ended = waits().rollout(rollout.id(), r -> r.state().finished(), Duration.ofMinutes(3));
                spans.add(new Span(operator ? "good" : "faulty", split.toEpochMilli(), ended.endedAt().toEpochMilli()));
                List<RolloutVerdict> verdicts = As.operator(() -> releases.verdicts(rollout.id()));
                RolloutVerdict last = verdicts.isEmpty() ? null : verdicts.get(verdicts.size() - 1);
                Map<String, Object> run = new LinkedHashMap<>();
                run.put("version", version);
                run.put("release", operator ? "good" : "faulty");
                run.put("abortedBy", byPerson ? "operator" : "analysis");
                run.put("state", ended.state().value());
                run.put("weightPercent", steps.get(0).weightPercent());
                run.put("launchToSplitMillis", Duration.between(launched, split).toMillis());
                run.put("splitInForce", split.toString());
                run.put("endedAt", ended.endedAt().toString());
                run.put("faultToAbortMillis", Duration.between(split, ended.endedAt()).toMillis());
                run.put("abortToStableMillis", ended.abortToStableMillis());
                run.put("verdicts", verdicts.size());
                run.put("lastAction", last == null ? null : last.action());
                run.put("tripped", last == null ? null : last.tripped());
                run.put("endReason", ended.endReason());
                System.out.println("[bench] canary " + i + ": " + run);
                runs.add(run);
                // The canary process stops after the drain delay; the next one is launched once it has gone.
                sleep(3_000);
            }
        } finally {
            load.set(false);
            traffic.join(15_000);
            if (!before.equals(waits().stable())) {
                As.operator(() -> releases.rollback(before, REGION, "Bench: us-east back to the release it started with"));
                waits().agentRelease(before);
            }
        }
        result.put("runs", runs);
        List<Map<String, Object>> automatic = runs.stream().filter(r -> "faulty".equals(r.get("release"))).toList();
        result.put("automatic", Map.of(
                "abortToStableMillis", summary(automatic, "abortToStableMillis"),
                "faultToAbortMillis", summary(automatic, "faultToAbortMillis")));
        result.put("latency", latency(samples, spans, started));
        result.put("spans", spans.stream().map(p -> {
            Map<String, Object> m = stats(samples.stream().filter(x -> x.dueMillis() >= p.fromMillis() && x.dueMillis() < p.toMillis()).toList());
            m.put("kind", p.kind());
            m.put("from", Instant.ofEpochMilli(p.fromMillis()).toString());
            m.put("seconds", (p.toMillis() - p.fromMillis()) / 1000.0);
            return m;
        }).toList());
        result.put("usEastAgentWarnings", warnings(DATA_DIR.resolve("agents").resolve(REGION).resolve("agent.log")));
        result.put("releaseAfter", waits().stable());
        result.put("loadAverage", Files.readString(Path.of("/proc/loadavg")).trim());
        System.out.println("[bench] canary: " + JSON.writeValueAsString(result.get("automatic")) + " latency " + JSON.writeValueAsString(result.get("latency")));
        Path out = Path.of(System.getProperty("bench.out", "target/bench/canary.json"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        JSON.writeValue(out.toFile(), result);
        assertThat(result.get("releaseAfter")).isEqualTo(before);
        assertThat(automatic).allSatisfy(r -> {
            assertThat(r.get("state")).isEqualTo(RolloutState.ABORTED.value());
            assertThat(r.get("abortedBy")).isEqualTo("analysis");
        });
    }

    /**
     * Request {@code i} is due at {@code start + i / rate} and handed then to one of {@code connections} senders,
     * whatever earlier ones are doing; its latency is counted from when it was due (as {@link OpenLoop}), so time queued
     * behind a stalled server counts. Even requests read the seeded record, odd ones write their own. A bounded number
     * of senders keeps the client from opening a new TLS connection per waiting request when the region stalls.
     */
    private static void openLoop(HttpClient http, String base, String authorization, int rate, int connections, String stable,
                                 AtomicBoolean load, ConcurrentLinkedQueue<Sample> samples) {
        ExecutorService senders = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        long epoch = System.currentTimeMillis();
        for (long i = 0; load.get(); i++) {
            long due = start + i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean read = i % 2 == 0;
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + (read ? "seed" : "w-" + i)))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", authorization);
            HttpRequest request = read ? b.GET().build()
                    : b.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(BODY)).build();
            long dueMillis = epoch + (due - start) / 1_000_000;
            senders.execute(() -> {
                String method = read ? "GET " : "PUT ";
                try {
                    HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
                    long micros = (System.nanoTime() - due) / 1000;
                    boolean canary = r.headers().firstValue(AgentPaths.RELEASE_HEADER).map(v -> !v.equals(stable)).orElse(false);
                    samples.add(new Sample(dueMillis, micros, r.statusCode() == 200, canary, method + r.statusCode()));
                } catch (Exception e) {
                    samples.add(new Sample(dueMillis, (System.nanoTime() - due) / 1000, false, false, method + e.getClass().getSimpleName()));
                }
            });
        }
        senders.shutdown();
        try {
            senders.awaitTermination(12, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Per kind of span (none, faulty, good): requests, failures, and latency of those answered 200, per lane too. */
    private static Map<String, Object> latency(ConcurrentLinkedQueue<Sample> samples, List<Span> spans, long started) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String kind : List.of("none", "faulty", "good")) {
            List<Sample> in = samples.stream().filter(s -> spans.stream()
                    .anyMatch(p -> p.kind().equals(kind) && s.dueMillis() >= p.fromMillis() && s.dueMillis() < p.toMillis())).toList();
            Map<String, Object> k = stats(in);
            k.put("seconds", spans.stream().filter(p -> p.kind().equals(kind)).mapToLong(p -> p.toMillis() - p.fromMillis()).sum() / 1000.0);
            k.put("stableLane", stats(in.stream().filter(s -> !s.byCanary()).toList()));
            k.put("canaryLane", stats(in.stream().filter(Sample::byCanary).toList()));
            m.put(kind, k);
        }
        m.put("totalRequests", samples.size());
        m.put("runSeconds", (System.currentTimeMillis() - started) / 1000.0);
        return m;
    }

    private static Map<String, Object> stats(List<Sample> in) {
        long[] micros = in.stream().filter(Sample::ok).mapToLong(Sample::micros).sorted().toArray();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", in.size());
        m.put("ok", micros.length);
        m.put("failed", in.size() - micros.length);
        m.put("p50Micros", OpenLoop.percentile(micros, micros.length, 50));
        m.put("p95Micros", OpenLoop.percentile(micros, micros.length, 95));
        m.put("p99Micros", OpenLoop.percentile(micros, micros.length, 99));
        m.put("maxMicros", micros.length == 0 ? -1 : micros[micros.length - 1]);
        m.put("failures", in.stream().filter(s -> !s.ok()).collect(Collectors.groupingBy(Sample::outcome, TreeMap::new, Collectors.counting())));
        return m;
    }

    /** Nearest-rank p50, p95, p99 and max of {@code key} over the runs that have it. */
    private static Map<String, Object> summary(List<Map<String, Object>> runs, String key) {
        long[] v = runs.stream().map(r -> r.get(key)).filter(x -> x instanceof Number).mapToLong(x -> ((Number) x).longValue()).sorted().toArray();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", v.length);
        m.put("p50", OpenLoop.percentile(v, v.length, 50));
        m.put("p95", OpenLoop.percentile(v, v.length, 95));
        m.put("p99", OpenLoop.percentile(v, v.length, 99));
        m.put("max", v.length == 0 ? -1 : v[v.length - 1]);
        m.put("values", Arrays.stream(v).boxed().toList());
        return m;
    }

    /** The us-east agent's warnings, counted by message with numbers and ids masked: why its requests failed. */
    private static Map<String, Long> warnings(Path log) throws java.io.IOException {
        if (!Files.exists(log)) {
            return Map.of();
        }
        try (var lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                    .map(l -> l.replaceFirst("^.*? (WARN|ERROR) ", "$1 ").replaceAll("[0-9a-f-]{8,}|\\d+", "#"))
                    .map(l -> l.length() > 240 ? l.substring(0, 240) : l)
                    .collect(Collectors.groupingBy(l -> l, TreeMap::new, Collectors.counting()));
        }
    }

    private com.companyos.support.ReleaseWaits waits() {
        return new com.companyos.support.ReleaseWaits(releases, agents, US_EAST);
    }
}
