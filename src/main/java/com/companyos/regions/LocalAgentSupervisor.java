package com.companyos.regions;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.RegionId;
import com.companyos.keys.ControlPlaneKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * Embedded default: runs each configured region's agent as a separate OS process of this same jar
 * ({@code --role=agent --region=<id>}), each with its own embedded PostgreSQL and data folder. Issues each agent its
 * certificate from the local CA first, into the agent's own identity folder ({@code agents/<id>/pki}). Stopping the console stops the agents; an agent whose console dies without
 * stopping it exits by itself (it watches the console's pid).
 *
 * <p>A dead agent is not restarted automatically: an outage must be visible (and, in a DR drill, is the point).
 * Operators restart it from the Regions view.
 */
@Component
@ConditionalOnProperty(name = "companyos.agents.local.enabled", havingValue = "true")
public class LocalAgentSupervisor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LocalAgentSupervisor.class);

    /** A running (or exited) local agent process: a region's shared agent or a partition agent ({@code endpoint}). */
    public record AgentProcess(Region endpoint, Process process, Instant startedAt, Path logFile) {
        public RegionId region() {
            return endpoint.id();
        }

        public long pid() {
            return process.pid();
        }

        public boolean alive() {
            return process.isAlive();
        }
    }

    private final RegionRegistry registry;
    private final LocalAgentSettings settings;
    private final ControlPlaneKeys tls;
    private final EvidenceRecorder evidence;
    private final Path dataDir;
    private final String mainClass;
    private final com.companyos.keys.InternalApiSettings internalApi;
    private final org.springframework.beans.factory.ObjectProvider<AgentReleases> releases;
    /** By {@link Region#label()}: {@code eu-west}, {@code eu-west/dcp/acme-eu}. */
    private final Map<String, AgentProcess> processes = new ConcurrentHashMap<>();
    private volatile boolean running;

    LocalAgentSupervisor(RegionRegistry registry, LocalAgentSettings settings, ControlPlaneKeys tls,
                         EvidenceRecorder evidence, @Value("${companyos.data-dir}") Path dataDir,
                         org.springframework.context.ApplicationContext context, com.companyos.keys.InternalApiSettings internalApi,
                         org.springframework.beans.factory.ObjectProvider<AgentReleases> releases) {
        this.internalApi = internalApi;
        this.releases = releases;
        this.registry = registry;
        this.settings = settings;
        this.tls = tls;
        this.evidence = evidence;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        // The application class that picks the role (found, not imported: modules do not depend on the entry point).
        this.mainClass = context.getBeansWithAnnotation(org.springframework.boot.SpringBootConfiguration.class).values().stream()
                .map(bean -> org.springframework.util.ClassUtils.getUserClass(bean).getName())
                .findFirst().orElseThrow(() -> new IllegalStateException("No @SpringBootConfiguration class found"));
    }

    @Override
    public void start() {
        running = true;
        registry.all().forEach(this::launch);
    }

    @Override
    public void stop() {
        running = false;
        // Canaries first: they use their region's database, which the region's own agent process holds.
        processes.entrySet().stream().filter(e -> e.getKey().endsWith("/canary")).forEach(e -> {
            e.getValue().process().destroy();
            awaitExit(e.getValue(), settings.stopTimeout().toMillis());
        });
        processes.values().forEach(p -> p.process().destroy());
        processes.values().forEach(p -> awaitExit(p, settings.stopTimeout().toMillis()));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Agents start early, so they boot while the console finishes starting; they stop after the web server. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    public Optional<AgentProcess> process(RegionId region) {
        return Optional.ofNullable(processes.get(region.value()));
    }

    /** A partition agent's (or shared agent's) process, by endpoint. */
    public Optional<AgentProcess> process(Region endpoint) {
        return Optional.ofNullable(processes.get(endpoint.label()));
    }

    public boolean manages(RegionId region) {
        return processes.containsKey(region.value());
    }

    /** Kills the agent process at once (SIGKILL), as a crash would. For drills and tests. */
    public void kill(RegionId region) {
        kill(registry.get(region));
    }

    /** Kills the agent process of {@code endpoint} (a region's or a partition's) at once, as a crash would. */
    public void kill(Region endpoint) {
        AgentProcess p = processes.get(endpoint.label());
        if (p == null) {
            throw new IllegalArgumentException("No local agent for " + endpoint.label());
        }
        p.process().destroyForcibly();
        awaitExit(p, 10_000);
        log.warn("Killed the local agent for {} (pid {})", endpoint.label(), p.pid());
        evidence.record(AuditEvent.of("region.agent-killed", "region:" + endpoint.label()).detail("pid", p.pid()));
    }

    /** Stops the agent if it runs (cleanly, then forcibly) and starts a new process for it. */
    public AgentProcess restart(RegionId region) {
        stop(registry.get(region));
        return launch(registry.get(region));
    }

    /** Stops the agent process of {@code endpoint} if it runs (cleanly, then forcibly); it is then no longer supervised. */
    public void stop(Region endpoint) {
        AgentProcess old = processes.get(endpoint.label());
        if (old != null && old.alive()) {
            old.process().destroy();
            awaitExit(old, settings.stopTimeout().toMillis());
        }
        if (endpoint.dedicated()) {
            processes.remove(endpoint.label());
        }
    }

    /**
     * Launches (or relaunches) the agent of a Dedicated Compliance Partition: this same jar as {@code --role=agent} for
     * the partition's region, serving {@code endpoint.partition()} only, with its own data folder {@code agentDir}
     * (its own embedded PostgreSQL with its own credentials, its own object store), its identity folder
     * {@code pkiDir} (filled by the caller) and the given extra settings. Idempotent: a live process is kept.
     */
    public AgentProcess launchPartition(Region endpoint, Path agentDir, Path pkiDir, List<String> extraArgs) {
        if (!endpoint.dedicated()) {
            throw new IllegalArgumentException(endpoint.label() + " is not a partition agent");
        }
        AgentProcess live = processes.get(endpoint.label());
        if (live != null && live.alive()) {
            return live;
        }
        List<String> args = new ArrayList<>(List.of(
                "--companyos.agent.partition=" + endpoint.partition(),
                "--companyos.agent.tls.certificate=" + pkiDir.resolve(com.companyos.pki.ProcessFolders.dcp(endpoint.id(), endpoint.partition()) + ".crt"),
                "--companyos.agent.tls.private-key=" + pkiDir.resolve(com.companyos.pki.ProcessFolders.dcp(endpoint.id(), endpoint.partition()) + ".key"),
                "--companyos.agent.signing-key=" + pkiDir.resolve(com.companyos.pki.ProcessFolders.dcpSigning(endpoint.partition()) + ".key"),
                "--companyos.agent.signing-certificate=" + pkiDir.resolve(com.companyos.pki.ProcessFolders.dcpSigning(endpoint.partition()) + ".crt"),
                "--companyos.db.embedded.directory=" + agentDir.resolve("postgres"),
                "--companyos.agent.objects-directory=" + agentDir.resolve("objects")));
        args.addAll(extraArgs);
        return start(endpoint, endpoint.label(), agentDir, agentDir.resolve("agent.log"), pkiDir, stableRelease(endpoint.id()), args);
    }

    private AgentProcess launch(Region region) {
        Path agentDir = dataDir.resolve("agents").resolve(region.id().value());
        // The agent's own folder: its keys, the CA certificate and the platform-signing certificate; never the CA key.
        Path pkiDir = tls.ensureRegionIdentity(region.id(), agentDir.resolve("pki")).toAbsolutePath();
        return start(region, region.label(), agentDir, agentDir.resolve("agent.log"), pkiDir, stableRelease(region.id()), List.of());
    }

    /** The release a region's agent runs: the releases module's record, or this build when there is none. */
    private AgentRelease stableRelease(RegionId region) {
        AgentReleases known = releases.getIfAvailable();
        return known == null ? null : known.stable(region);
    }

    /** The key under which a region's canary process is supervised. */
    public static String canaryKey(RegionId region) {
        return region.value() + "/canary";
    }

    /**
     * Launches a canary process for {@code region}: a second agent of the region running {@code release}, on the
     * region's database (the port's own process keeps it; this one connects to it by URL, as every replica does in
     * production), with its own control and data ports ({@code canary}'s URLs) and its own log, under the region's
     * identity. The region's router sends it the requests the split gives it, with the key in {@code forwardKeyFile}.
     * Idempotent: a live canary process is kept.
     */
    public AgentProcess launchCanary(Region canary, AgentRelease release, Path forwardKeyFile) {
        String key = canaryKey(canary.id());
        AgentProcess live = processes.get(key);
        if (live != null && live.alive()) {
            return live;
        }
        Path agentDir = dataDir.resolve("agents").resolve(canary.id().value());
        Path pkiDir = agentDir.resolve("pki").toAbsolutePath();
        int dbPort = RegionDatabases.port(agentDir.resolve("postgres"));
        List<String> args = List.of(
                "--spring.datasource.url=jdbc:postgresql://localhost:" + dbPort + "/companyos_agent",
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--spring.datasource.hikari.maximum-pool-size=10",
                "--companyos.agent.traffic.forward-key-file=" + forwardKeyFile.toAbsolutePath(),
                "--companyos.agent.traffic.canary=true");
        Path canaryDir = agentDir.resolve("canary");
        return start(canary, key, canaryDir, canaryDir.resolve("agent.log"), pkiDir, release, args);
    }

    /** Stops the region's canary process (cleanly, then forcibly), if one runs. */
    public void stopCanary(RegionId region) {
        AgentProcess old = processes.remove(canaryKey(region));
        if (old != null && old.alive()) {
            old.process().destroy();
            awaitExit(old, settings.stopTimeout().toMillis());
        }
    }

    public Optional<AgentProcess> canary(RegionId region) {
        return Optional.ofNullable(processes.get(canaryKey(region)));
    }

    private AgentProcess start(Region region, String key, Path agentDir, Path logFile, Path pkiDir, AgentRelease release,
                               List<String> extraArgs) {
        int port = region.agentUrl().getPort();
        if (port <= 0 || !isLocal(region.agentUrl().getHost())) {
            throw new IllegalStateException("companyos.agents.local.enabled=true, but " + region.label()
                    + " has agent URL " + region.agentUrl() + ", which is not a port on this machine");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(settings.jvmOptions());
        String classpath = System.getProperty("java.class.path");
        if (release != null && release.artifact() != null) {
            command.addAll(List.of("-jar", release.artifact().toAbsolutePath().toString()));
        } else if (isExecutableBootJar(classpath)) {
            command.addAll(List.of("-jar", classpath));
        } else {
            command.add(mainClass);
        }
        command.addAll(List.of(
                "--role=agent",
                "--region=" + region.id(),
                "--companyos.agent.zone=" + region.zone().name(),
                "--server.port=" + port,
                "--companyos.agent.data-port=" + region.dataUrl().getPort(),
                "--companyos.data-dir=" + dataDir,
                "--companyos.agent.tls.directory=" + pkiDir,
                "--companyos.agent.parent-pid=" + ProcessHandle.current().pid(),
                "--companyos.agent.control-plane-url=https://localhost:" + internalApi.port()));
        // The agent logs into its own rolling file (agent.log, rotated by size, old files compressed; see agent.properties);
        // its standard output, where only the JVM itself writes once logging runs, goes to agent.stdout.log.
        command.add("--logging.file.name=" + logFile);
        command.add("--logging.pattern.console=");
        new TreeMap<>(settings.agentProperties()).forEach((name, value) -> command.add("--" + name + "=" + value));
        if (release != null) {
            command.add("--companyos.agent.traffic.release=" + release.version());
            new TreeMap<>(release.properties()).forEach((name, value) -> command.add("--" + name + "=" + value));
        }
        command.addAll(extraArgs);
        try {
            Files.createDirectories(agentDir);
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.resolveSibling("agent.stdout.log").toFile()));
            // The class path can be long (development runs); pass it in the environment, not the command line.
            if (release == null || release.artifact() == null) {
                builder.environment().put("CLASSPATH", classpath);
            } else {
                builder.environment().remove("CLASSPATH");
            }
            builder.environment().remove("SPRING_DATASOURCE_URL");
            builder.environment().remove("SPRING_PROFILES_ACTIVE");
            Process process = builder.start();
            AgentProcess agent = new AgentProcess(region, process, Instant.now(), logFile);
            processes.put(key, agent);
            log.info("Started the {} agent (pid {}, release {}) on {}; log: {}", key, process.pid(),
                    release == null ? "this build" : release.version(), region.agentUrl(), logFile);
            process.onExit().thenAccept(p -> {
                if (running && processes.get(key) == agent) {
                    log.warn("The {} agent (pid {}) exited with code {}; see {}", key, p.pid(), p.exitValue(), logFile);
                }
            });
            evidence.record(AuditEvent.of("region.agent-started", "region:" + key)
                    .detail("pid", process.pid())
                    .detail("release", release == null ? "this build" : release.version())
                    .detail("url", region.agentUrl().toString()));
            return agent;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the agent for " + region.label(), e);
        }
    }

    private static void awaitExit(AgentProcess p, long millis) {
        try {
            if (!p.process().waitFor(millis, TimeUnit.MILLISECONDS)) {
                log.warn("The {} agent (pid {}) did not stop within {} ms; killing it", p.endpoint().label(), p.pid(), millis);
                p.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean isLocal(String host) {
        try {
            InetAddress address = InetAddress.getByName(host);
            return address.isLoopbackAddress() || address.isAnyLocalAddress();
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code java -jar companyos.jar}: the class path is the Spring Boot jar itself, whose classes are nested. */
    private static boolean isExecutableBootJar(String classpath) {
        if (classpath.contains(java.io.File.pathSeparator) || !classpath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classpath)) {
            return jar.getEntry("BOOT-INF/classes/") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
