package com.companyos.dcp.internal;

import com.companyos.base.RegionId;
import com.companyos.dcp.Dcp;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.regions.LocalAgentSupervisor;
import com.companyos.regions.Region;
import com.companyos.regions.RegionAgents;
import com.companyos.regions.RegionRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The embedded default's pools: each partition agent is a local process of this jar ({@code --role=agent
 * --companyos.agent.partition=<slug>}) supervised like the region agents, with its own folder
 * {@code dcp/<slug>/<region>/} in the data folder: its own embedded PostgreSQL (own port, own superuser password in
 * {@code db-password}, owner-only; the shared agents' credentials do not open it), its own object store and its own
 * identity folder. The DCP's signing key is kept in {@code dcp/<slug>/keys/} and copied into each of its agents.
 */
@Component
@ConditionalOnProperty(name = "companyos.agents.local.enabled", havingValue = "true")
class LocalDcpPools implements DcpPools {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final LocalAgentSupervisor supervisor;
    private final ControlPlaneKeys keys;
    private final RegionRegistry regions;
    private final RegionAgents agents;
    private final Path dataDir;

    LocalDcpPools(LocalAgentSupervisor supervisor, ControlPlaneKeys keys, RegionRegistry regions, RegionAgents agents,
                  @Value("${companyos.data-dir}") Path dataDir) {
        this.supervisor = supervisor;
        this.keys = keys;
        this.regions = regions;
        this.agents = agents;
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    static Path keyFolder(Path dataDir, String slug) {
        return dataDir.resolve("dcp").resolve(slug).resolve("keys");
    }

    private Path agentDir(String slug, RegionId region) {
        return dataDir.resolve("dcp").resolve(slug).resolve(region.value());
    }

    @Override
    public Dcp.Endpoint start(String slug, RegionId region, Optional<Dcp.Endpoint> known) {
        Dcp.Endpoint endpoint = known.orElseGet(() -> {
            int[] ports = freePorts(2);
            return new Dcp.Endpoint(region.value(), "https://localhost:" + ports[0], "https://localhost:" + ports[1]);
        });
        Region r = region(slug, region, endpoint);
        Path dir = agentDir(slug, region);
        Path pki = keys.ensureDcpAgentIdentity(region, slug, dir.resolve("pki"), keyFolder(dataDir, slug)).toAbsolutePath();
        supervisor.launchPartition(r, dir, pki, List.of("--companyos.db.embedded.password-file=" + dir.resolve("db-password")));
        awaitHealthy(r);
        return endpoint;
    }

    @Override
    public void stop(String slug, RegionId region, Dcp.Endpoint endpoint) {
        supervisor.stop(region(slug, region, endpoint));
    }

    @Override
    public List<String> destroy(String slug, RegionId region, Dcp.Endpoint endpoint) {
        stop(slug, region, endpoint);
        Path dir = agentDir(slug, region);
        List<String> removed = new ArrayList<>();
        if (Files.exists(dir)) {
            removed.add("compute pool " + region + "/dcp/" + slug + " (local agent process, stopped)");
            removed.add("storage " + dir.resolve("postgres") + " (embedded PostgreSQL cluster) and " + dir.resolve("objects"));
            removed.add("identity " + dir.resolve("pki") + " (TLS key and copy of the DCP signing key)");
            deleteTree(dir);
        }
        return removed;
    }

    /** Deletes the DCP's own signing key (after every region's pool is destroyed). */
    List<String> destroyKeys(String slug) {
        Path folder = keyFolder(dataDir, slug);
        if (!Files.exists(folder)) {
            return List.of();
        }
        deleteTree(folder);
        return List.of("signing key " + folder);
    }

    @Override
    public String storage() {
        return "embedded-postgres";
    }

    private Region region(String slug, RegionId region, Dcp.Endpoint endpoint) {
        return new Region(region, regions.get(region).zone(), URI.create(endpoint.agentUrl()), URI.create(endpoint.dataUrl()), slug);
    }

    private void awaitHealthy(Region r) {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "not answering yet";
        while (Instant.now().isBefore(deadline)) {
            if (supervisor.process(r).map(p -> !p.alive()).orElse(true)) {
                throw new IllegalStateException("The agent of " + r.label() + " exited while starting; see its agent.log in "
                        + agentDir(r.partition(), r.id()));
            }
            try {
                var probe = agents.client(r).health().get();
                if ("UP".equals(probe.report().status())) {
                    return;
                }
                last = "status " + probe.report().status();
            } catch (Exception e) {
                last = e.getMessage();
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting " + r.label());
            }
        }
        throw new IllegalStateException("The agent of " + r.label() + " did not become healthy within " + START_TIMEOUT.toSeconds()
                + " s (" + last + ")");
    }

    private static int[] freePorts(int n) {
        int[] ports = new int[n];
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                open.add(s);
                ports[i] = s.getLocalPort();
            }
            for (ServerSocket s : open) {
                s.close();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("No free local port for a DCP agent", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete " + dir, e);
        }
    }
}
