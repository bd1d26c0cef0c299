package com.companyos.dr.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.data.RecordWrite;
import com.companyos.agentapi.data.StoredRecord;
import com.companyos.base.Json;
import com.companyos.base.RegionId;
import com.companyos.pki.TlsClients;
import com.companyos.regions.RegionRegistry;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantActivation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The drill's client application: a steady stream of governed writes ({@link RecordWrite}) through the data API of
 * whichever region the control plane's routing record says serves the tenant, remembering every acknowledgement.
 */
final class DrillWriter {

    static final Duration WRITE_INTERVAL = Duration.ofMillis(20);

    /** An acknowledged synthetic write: where, when, and the digest the region returned. */
    record Ack(String key, String region, Instant at, String sha) {
    }

    private final Tenant tenant;
    private final String token;
    private final String prefix;
    private final HttpClient http;
    private final RegionRegistry regions;
    private final TenantActivation activation;
    private final Clock clock;
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Ack> firstOnNew = new AtomicReference<>();
    private Thread thread;

    DrillWriter(Tenant tenant, String token, UUID drill, List<X509Certificate> trusted, RegionRegistry regions, TenantActivation activation,
                Clock clock) {
        this.tenant = tenant;
        this.token = token;
        this.prefix = "dr-drill-" + drill.toString().substring(0, 8) + "-";
        this.http = TlsClients.serverAuthenticated(trusted, Duration.ofMillis(500));
        this.regions = regions;
        this.activation = activation;
        this.clock = clock;
    }

    void start() {
        thread = new Thread(this::loop, "dr-drill-writer");
        thread.setDaemon(true);
        thread.start();
    }

    int acknowledged() {
        return acks.size();
    }

    /** The writes the given region acknowledged, in order. */
    List<Ack> acknowledgedBy(String region) {
        return acks.stream().filter(a -> a.region().equals(region)).toList();
    }

    private void loop() {
        long n = 0;
        String primary = tenant.activeRegion();
        while (!stop.get()) {
            // The routing record says where the tenant is served (what a client asks the console's routing API).
            String region = activation.get(tenant.id()).activeRegion();
            String key = prefix + n;
            try {
                RecordWrite write = new RecordWrite("internal", null, "none", "drill write " + n + " at " + clock.instant());
                HttpResponse<String> r = http.send(request(region, key).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(write))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    StoredRecord stored = Json.mapper().readValue(r.body(), StoredRecord.class);
                    Ack ack = new Ack(key, stored.region() == null ? region : stored.region(), clock.instant(), stored.payloadSha256());
                    acks.add(ack);
                    if (!ack.region().equals(primary)) {
                        firstOnNew.compareAndSet(null, ack);
                    }
                    n++;
                }
            } catch (Exception unavailable) {
                // the region is down or switching: try again (same key) after the pause
            }
            try {
                Thread.sleep(WRITE_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    Instant awaitFirstWriteOn(String region, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Ack a = firstOnNew.get();
            if (a != null && a.region().equals(region)) {
                return a.at();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("No write succeeded on " + region + " within " + timeout.toSeconds() + " s");
    }

    /** The record as the region holds it now, or empty when it has none. */
    Optional<StoredRecord> read(String region, String key) throws Exception {
        HttpResponse<String> r = http.send(request(region, key).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? Optional.of(Json.mapper().readValue(r.body(), StoredRecord.class)) : Optional.empty();
    }

    private HttpRequest.Builder request(String region, String key) {
        String url = regions.get(RegionId.of(region)).dataUrl() + AgentPaths.RECORD.replace("{slug}", tenant.slug()).replace("{key}", key);
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).header("Authorization", "Bearer " + token);
    }

    void stop() {
        stop.set(true);
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
