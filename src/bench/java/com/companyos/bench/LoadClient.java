package com.companyos.bench;

import com.companyos.support.DataApi;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The governed-write load client in a JVM of its own, as a tenant's application would be: it shares the machine's two
 * cores with the product, but not the console's heap, threads and garbage collector (the console's G1 pauses, 15–65 ms
 * under this load, were counted as write latency while the client lived in the console's JVM).
 *
 * <p>The bench ({@link GovernedWriteLoad}) starts it with {@link #start} and sends it one phase at a time over its
 * standard input, one JSON object per line; each answer is one line on its standard output, prefixed with
 * {@value #ANSWER}:
 * <ul>
 *     <li>{@code {"op":"sequential","name":…,"count":…,"prefix":…}}: a closed loop of {@code count} writes;</li>
 *     <li>{@code {"op":"run","name":…,"rate":…,"seconds":…,"drain":…,"prefix":…}}: an open loop ({@link OpenLoop});</li>
 *     <li>{@code {"op":"settle"}}: drop what is still queued in the client and wait for what is in flight.</li>
 * </ul>
 * Write {@code i} of a phase goes to record {@code prefix + i} with a ~200 byte internal record
 * ({@link GovernedWriteLoad#body}). Arguments: CA certificate, data port, tenant slug, connections; the tenant's API
 * token comes in the environment ({@value #TOKEN_VARIABLE}), not on the command line every process on the machine can
 * read.
 */
public final class LoadClient {

    static final String ANSWER = "@bench ";
    static final String TOKEN_VARIABLE = "COMPANYOS_BENCH_TENANT_TOKEN";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoadClient() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream answers = System.out;
        System.setOut(System.err); // nothing but answers on the protocol stream
        Path ca = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        String base = "/data/v1/tenants/" + args[2] + "/records/";
        String authorization = "Bearer " + System.getenv(TOKEN_VARIABLE);
        try (Clients http = new Clients(Integer.parseInt(args[3]), DataApi.trusting(ca).getSocketFactory(), port)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                Map<?, ?> command = JSON.readValue(line, Map.class);
                Map<String, Object> answer = new LinkedHashMap<>();
                String op = String.valueOf(command.get("op"));
                String prefix = base + command.get("prefix");
                Function<Long, Function<RawHttps, String>> write = i -> c -> put(c, prefix + i, authorization, i);
                switch (op) {
                    case "sequential" -> answer(answer, OpenLoop.sequential((String) command.get("name"),
                            ((Number) command.get("count")).intValue(), i -> http.here(write.apply(i))));
                    case "run" -> answer(answer, OpenLoop.run((String) command.get("name"), ((Number) command.get("rate")).intValue(),
                            ((Number) command.get("seconds")).doubleValue(), ((Number) command.get("drain")).doubleValue(),
                            i -> http.submit(write.apply(i))));
                    case "settle" -> {
                        http.settle();
                        answer.put("settled", true);
                    }
                    default -> answer.put("error", "unknown op " + op);
                }
                answers.println(ANSWER + JSON.writeValueAsString(answer));
                answers.flush();
            }
        }
    }

    private static void answer(Map<String, Object> answer, OpenLoop.Result r) {
        Map<String, Object> result = r.toMap();
        if (result.containsKey("perSecond")) { // the timeline in the bench log too, where it can be read beside the product log
            System.err.println("[load client] " + r.name() + " per second: " + result.get("perSecond"));
        }
        answer.put("result", result);
        answer.put("line", r.line());
    }

    private static String put(RawHttps connection, String path, String authorization, long i) {
        try {
            RawHttps.Response r = connection.send("PUT", path, authorization,
                    GovernedWriteLoad.body("load " + i).getBytes(StandardCharsets.UTF_8));
            return r.status() == 200 ? null : "HTTP " + r.status() + ": " + abbreviate(r.body());
        } catch (IOException | RuntimeException e) {
            return e.toString();
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** One measured phase as the client reported it: {@link OpenLoop.Result#toMap()} and its summary line. */
    record Phase(Map<String, Object> result, String line) {
        int succeeded() {
            return ((Number) result.get("succeeded")).intValue();
        }
    }

    /** The client process, seen from the bench. */
    static final class Remote implements AutoCloseable {
        private final Process process;
        private final BufferedWriter commands;
        private final BufferedReader answers;

        private Remote(Process process) {
            this.process = process;
            this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        Phase sequential(String name, int count, String prefix) throws IOException {
            return phase(Map.of("op", "sequential", "name", name, "count", count, "prefix", prefix));
        }

        Phase run(String name, int rate, double seconds, double drain, String prefix) throws IOException {
            return phase(Map.of("op", "run", "name", name, "rate", rate, "seconds", seconds, "drain", drain, "prefix", prefix));
        }

        void settle() throws IOException {
            send(Map.of("op", "settle"));
        }

        @SuppressWarnings("unchecked")
        private Phase phase(Map<String, Object> command) throws IOException {
            Map<String, Object> answer = send(command);
            return new Phase((Map<String, Object>) answer.get("result"), (String) answer.get("line"));
        }

        @SuppressWarnings("unchecked")
        private Map<String, Object> send(Map<String, Object> command) throws IOException {
            commands.write(JSON.writeValueAsString(command));
            commands.newLine();
            commands.flush();
            String line;
            while ((line = answers.readLine()) != null) {
                if (line.startsWith(ANSWER)) {
                    Map<String, Object> answer = JSON.readValue(line.substring(ANSWER.length()), Map.class);
                    if (answer.containsKey("error")) {
                        throw new IllegalStateException("load client: " + answer.get("error"));
                    }
                    return answer;
                }
            }
            throw new IllegalStateException("the load client ended (exit " + exitCode() + "); its output is in the bench log");
        }

        private String exitCode() {
            try {
                return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "unknown";
            }
        }

        @Override
        public void close() throws IOException {
            commands.close();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /**
     * Starts the client: a small heap with the serial collector (its live data is a few connections and one phase's
     * latency array, so a young collection takes well under a millisecond), the bench's own class path. Its diagnostics
     * go to the bench's standard error.
     */
    static Remote start(Path ca, int port, String slug, String token, int connections) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xms128m", "-Xmx128m", "-Xss512k",
                "-cp", System.getProperty("java.class.path"), LoadClient.class.getName(),
                ca.toAbsolutePath().toString(), Integer.toString(port), slug, Integer.toString(connections)));
        ProcessBuilder client = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        client.environment().put(TOKEN_VARIABLE, token);
        return new Remote(client.start());
    }

    /**
     * Blocking HTTPS on a fixed pool of threads, one keep-alive {@link RawHttps} connection each, so at most that many
     * requests are in flight and the rest wait in the pool's queue, in arrival order. A request goes from the open loop's
     * thread straight to a pool thread, which sends it, reads the answer and completes its future (where the open loop
     * takes the time): one hand-off between threads per request, since on two busy cores every wake-up of another thread
     * can cost the measurement a scheduling delay that is the client's, not the agent's.
     */
    static final class Clients implements AutoCloseable {
        private final ExecutorService pool;
        private final ThreadLocal<RawHttps> connection;
        private final AtomicInteger pending = new AtomicInteger();
        private volatile boolean abandon;

        Clients(int connections, javax.net.ssl.SSLSocketFactory tls, int port) {
            pool = Executors.newFixedThreadPool(connections);
            connection = ThreadLocal.withInitial(() -> new RawHttps(tls, "localhost", port));
        }

        /** Sends on a pool thread's connection; the future completes with null (success) or what went wrong. */
        CompletableFuture<String> submit(Function<RawHttps, String> request) {
            CompletableFuture<String> result = new CompletableFuture<>();
            pending.incrementAndGet();
            pool.execute(() -> {
                try {
                    result.complete(abandon ? "abandoned after the phase ended" : request.apply(connection.get()));
                } catch (RuntimeException e) {
                    result.complete(e.toString());
                } finally {
                    pending.decrementAndGet();
                }
            });
            return result;
        }

        /** Sends on the calling thread's own connection (a closed loop). */
        CompletableFuture<String> here(Function<RawHttps, String> request) {
            return CompletableFuture.completedFuture(request.apply(connection.get()));
        }

        /**
         * After an overloaded phase: drops the requests still waiting in the client (that phase already counted them as
         * timed out) and waits for those in flight, so the next phase starts on an idle server.
         */
        void settle() throws InterruptedException {
            abandon = true;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (pending.get() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(pending.get() + " requests still in flight after 120 s");
                }
                Thread.sleep(10);
            }
            abandon = false;
        }

        @Override
        public void close() {
            pool.shutdown();
        }
    }
}
