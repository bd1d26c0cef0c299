package com.companyos.agent.decisions;

import com.companyos.agent.AgentSettings;
import com.companyos.base.Json;
import com.companyos.pki.SpiffeId;
import com.companyos.pki.TlsIdentity;
import com.companyos.policy.PolicyChannel;
import com.companyos.policy.SignedBundle;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fetches every channel's current bundle from the control plane's internal API over mutual TLS (the console must prove
 * {@code spiffe://companyos/control-plane}) at start and then every few seconds, and offers it to the
 * {@link PolicyHolder}. If the console cannot be reached, the bundle in force stays in force.
 */
@Component
class BundleFetcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(BundleFetcher.class);
    private static final ObjectMapper JSON = Json.mapper();

    private final PolicyHolder holder;
    private final AgentSettings settings;
    private final HttpClient http;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bundle-fetcher");
        t.setDaemon(true);
        return t;
    });
    private volatile String lastProblem;

    BundleFetcher(PolicyHolder holder, AgentSettings settings, TlsIdentity identity) {
        this.holder = holder;
        this.settings = settings;
        this.http = HttpClient.newBuilder().sslContext(identity.contextExpecting(SpiffeId.controlPlane()))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        timer.scheduleWithFixedDelay(this::fetchAll, 0, 5, TimeUnit.SECONDS);
    }

    void fetchAll() {
        for (PolicyChannel channel : PolicyChannel.values()) {
            try {
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(
                                URI.create(settings.controlPlaneUrl() + "/internal/v1/policy/bundles/" + channel.folder()))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    problem("the control plane answered HTTP " + response.statusCode() + " for the " + channel.folder() + " bundle");
                    continue;
                }
                holder.offer(JSON.readValue(response.body(), SignedBundle.class));
                lastProblem = null;
            } catch (Exception e) {
                problem("cannot fetch the " + channel.folder() + " bundle from " + settings.controlPlaneUrl() + ": " + e.getMessage());
            }
        }
    }

    private void problem(String message) {
        if (!message.equals(lastProblem)) {
            log.warn("Policy bundles: {}; the bundle in force stays", message);
        }
        lastProblem = message;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
