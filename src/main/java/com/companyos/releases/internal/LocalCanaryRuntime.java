package com.companyos.releases.internal;

import com.companyos.regions.AgentRelease;
import com.companyos.regions.LocalAgentSupervisor;
import com.companyos.regions.Region;
import com.companyos.regions.RegionAgents;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * Canary processes of the embedded default: a second agent process per region, launched by the local supervisor on
 * free ports of this machine, on the region's database; the region agent is restarted to change its stable release.
 */
@Component
@ConditionalOnProperty(name = "companyos.releases.engine", havingValue = "local", matchIfMissing = true)
class LocalCanaryRuntime implements CanaryRuntime {

    private final org.springframework.beans.factory.ObjectProvider<LocalAgentSupervisor> supervisors;
    private final RegionAgents agents;
    private final Path dataDir;

    LocalCanaryRuntime(org.springframework.beans.factory.ObjectProvider<LocalAgentSupervisor> supervisors, RegionAgents agents,
                       @Value("${companyos.data-dir}") Path dataDir) {
        this.supervisors = supervisors;
        this.agents = agents;
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    private LocalAgentSupervisor supervisor() {
        LocalAgentSupervisor s = supervisors.getIfAvailable();
        if (s == null) {
            throw new IllegalStateException("Canary processes of the embedded default need local agents "
                    + "(companyos.agents.local.enabled=true); a deployment with its own agents sets companyos.releases.engine=kubernetes");
        }
        return s;
    }

    @Override
    public boolean operational() {
        return supervisors.getIfAvailable() != null;
    }

    @Override
    public CanaryEndpoint launch(Region region, AgentRelease release, String forwardKey) {
        var live = supervisor().canary(region.id()).filter(LocalAgentSupervisor.AgentProcess::alive);
        if (live.isPresent()) {
            Region at = live.get().endpoint();
            return new CanaryEndpoint(at.dataUrl().toString(), at.agentUrl().toString());
        }
        Region canary = new Region(region.id(), region.zone(), URI.create("https://localhost:" + freePort()),
                URI.create("https://localhost:" + freePort()));
        Path keyFile = dataDir.resolve("agents").resolve(region.id().value()).resolve("canary").resolve("forward.key");
        writeSecret(keyFile, forwardKey);
        supervisor().launchCanary(canary, release, keyFile);
        return new CanaryEndpoint(canary.dataUrl().toString(), canary.agentUrl().toString());
    }

    @Override
    public boolean ready(Region region, CanaryEndpoint endpoint, String release) {
        if (supervisor().canary(region.id()).filter(LocalAgentSupervisor.AgentProcess::alive).isEmpty()) {
            throw new IllegalStateException("The canary process of " + region.id() + " is not running (it exited; see "
                    + dataDir.resolve("agents").resolve(region.id().value()).resolve("canary").resolve("agent.log") + ")");
        }
        Region canary = new Region(region.id(), region.zone(), URI.create(endpoint.controlUrl()), URI.create(endpoint.dataUrl()));
        try {
            var probe = agents.client(canary).health().get(5, TimeUnit.SECONDS);
            return probe.report() != null && release.equals(probe.report().release()) && probe.report().database().reachable();
        } catch (Exception e) {
            return false; // still starting
        }
    }

    @Override
    public void stop(Region region) {
        supervisor().canary(region.id()).ifPresent(p -> agents.forget(p.endpoint()));
        supervisor().stopCanary(region.id());
    }

    @Override
    public void restartStable(Region region) {
        supervisor().restart(region.id());
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for a canary process", e);
        }
    }

    private static void writeSecret(Path file, String secret) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the canary's forward key " + file, e);
        }
    }
}
