package com.companyos.regions;

import com.companyos.agentapi.control.AgentHealth;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.RegionId;
import com.companyos.regions.internal.RegionStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * Checks every region's agent over mutual TLS on a fixed delay, all regions in parallel (a hung agent never delays
 * the others), keeps the latest {@link RegionStatus} of each, tells subscribers (the Regions view, via push) about
 * every new snapshot, and audits every change of state. Every console checks for itself (its views stay live
 * whichever console a person uses); a change of state is audited once, by the console that records it first
 * ({@link RegionStates}).
 */
@Component
public class RegionHealthMonitor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RegionHealthMonitor.class);
    /** The policy channels every region must enforce to be healthy. */
    static final List<String> REQUIRED_CHANNELS = List.of("standard", "dcp");

    private final RegionRegistry registry;
    private final RegionSettings settings;
    private final TaskScheduler scheduler;
    private final EvidenceRecorder evidence;
    private final ObjectProvider<LocalAgentSupervisor> supervisor;
    private final RegionStates states;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Map<RegionId, AgentClient> clients = new ConcurrentHashMap<>();
    private final Map<RegionId, RegionStatus> statuses = new ConcurrentHashMap<>();
    private final List<Consumer<RegionStatus>> subscribers = new CopyOnWriteArrayList<>();
    private volatile ScheduledFuture<?> schedule;

    RegionHealthMonitor(RegionRegistry registry, RegionSettings settings, RegionAgents agents, TaskScheduler scheduler,
                        EvidenceRecorder evidence, ObjectProvider<LocalAgentSupervisor> supervisor, RegionStates states,
                        TransactionTemplate tx, Clock clock) {
        this.registry = registry;
        this.settings = settings;
        this.scheduler = scheduler;
        this.evidence = evidence;
        this.supervisor = supervisor;
        this.states = states;
        this.tx = tx;
        this.clock = clock;
        for (Region region : registry.all()) {
            clients.put(region.id(), agents.client(region.id()));
            statuses.put(region.id(), RegionStatus.unknown(region, clock.instant()));
        }
    }

    public List<RegionStatus> statuses() {
        return registry.all().stream().map(r -> statuses.get(r.id())).toList();
    }

    public RegionStatus status(RegionId region) {
        RegionStatus s = statuses.get(region);
        if (s == null) {
            throw new IllegalArgumentException("Unknown region " + region);
        }
        return s;
    }

    /** Receives every new snapshot, from a scheduler thread; returns the way to stop receiving. */
    public Runnable subscribe(Consumer<RegionStatus> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Checks all regions now and waits for the answers (bounded by the request timeout). */
    public void checkNow() {
        CompletableFuture.allOf(clients.values().stream().map(this::check).toArray(CompletableFuture[]::new)).join();
    }

    private CompletableFuture<Void> check(AgentClient client) {
        Region region = client.region();
        return client.health()
                .handle((probe, failure) -> failure == null ? fromProbe(region, probe) : fromFailure(region, failure))
                .thenAccept(this::publish)
                .exceptionally(e -> {
                    log.error("Health check bookkeeping failed for {}", region.id(), e);
                    return null;
                });
    }

    private static String refused(AgentHealth.BundleRejection r, List<AgentHealth.Bundle> bundles) {
        String inForce = bundles.stream().filter(b -> b.channel().equals(r.channel())).findFirst()
                .map(b -> b.version() + " (sha256 " + b.sha256() + ")").orElse("none");
        return "Refused the " + r.channel() + " policy bundle " + r.version() + " (sha256 " + r.sha256() + "): " + r.reason()
                + ". Still enforcing " + inForce + ".";
    }

    private RegionStatus fromProbe(Region region, AgentClient.HealthProbe probe) {
        AgentHealth h = probe.report();
        boolean up = AgentHealth.UP.equals(h.status());
        String database = h.database() == null ? null : h.database().reachable()
                ? h.database().name() + " · " + h.database().product() + " " + h.database().version() + " · " + h.database().role()
                : "unreachable: " + h.database().error();
        List<AgentHealth.Bundle> bundles = h.policyBundles() == null ? List.of() : h.policyBundles();
        List<String> missing = REQUIRED_CHANNELS.stream()
                .filter(c -> bundles.stream().noneMatch(b -> b.channel().equals(c))).toList();
        String problem = !up ? "The agent cannot reach its regional database"
                : !missing.isEmpty() ? "No " + String.join(" or ", missing) + " policy bundle in force yet: those tenants' "
                + "governed operations are denied (deny by default) until the agent fetches and verifies one"
                : h.lastBundleRejection() != null ? refused(h.lastBundleRejection(), bundles)
                : null;
        return snapshot(region, problem == null ? RegionState.HEALTHY : RegionState.DEGRADED, problem, h.version(), probe.latency(), database,
                probe.peerCertificateNotAfter(), h.policyBundles() == null ? List.of() : h.policyBundles(), h.lastBundleRejection());
    }

    private RegionStatus fromFailure(Region region, Throwable failure) {
        String reason = AgentClient.describe(failure);
        RegionState state = reason.startsWith("Refused") || reason.startsWith("TLS") ? RegionState.UNTRUSTED : RegionState.UNREACHABLE;
        var local = supervisor.getIfAvailable() == null ? null : supervisor.getIfAvailable().process(region.id()).orElse(null);
        if (state == RegionState.UNREACHABLE && local != null) {
            if (local.alive() && statuses.get(region.id()).state() != RegionState.HEALTHY) {
                state = RegionState.STARTING;
                reason = "Agent process " + local.pid() + " is starting";
            } else if (!local.alive()) {
                int code = local.process().exitValue();
                reason = "Agent process " + local.pid() + " is not running ("
                        + (code > 128 ? "killed by signal " + (code - 128) : "exit code " + code) + "); log: " + local.logFile();
            }
        }
        return snapshot(region, state, reason, null, null, null, null, List.of(), null);
    }

    private RegionStatus snapshot(Region region, RegionState state, String message, String version,
                                  java.time.Duration latency, String database, Instant certNotAfter,
                                  List<AgentHealth.Bundle> bundles, AgentHealth.BundleRejection rejection) {
        Instant now = clock.instant();
        RegionStatus previous = statuses.get(region.id());
        Instant since = previous.state() == state ? previous.since() : now;
        Long pid = supervisor.getIfAvailable() == null ? null
                : supervisor.getIfAvailable().process(region.id()).filter(LocalAgentSupervisor.AgentProcess::alive)
                .map(LocalAgentSupervisor.AgentProcess::pid).orElse(null);
        return new RegionStatus(region.id(), region.zone(), region.agentUrl().toString(), state, message, version,
                latency, database, certNotAfter, now, since, pid, bundles, rejection);
    }

    private void publish(RegionStatus next) {
        RegionStatus previous = statuses.put(next.region(), next);
        if (previous != null && previous.state() != next.state() && next.state() != RegionState.STARTING) {
            log.info("Region {} is now {} (was {}){}", next.region(), next.state(), previous.state(),
                    next.message() == null ? "" : ": " + next.message());
            try {
                tx.executeWithoutResult(status -> {
                    if (states.move(next.region(), next.state(), next.checkedAt())) {
                        evidence.record(AuditEvent.of("region.status-changed", "region:" + next.region())
                                .reason(next.message())
                                .detail("from", previous.state().name())
                                .detail("to", next.state().name()));
                    }
                });
            } catch (RuntimeException e) {
                log.warn("The change of {} to {} was not recorded: {}", next.region(), next.state(), e.getMessage());
            }
        }
        for (Consumer<RegionStatus> s : subscribers) {
            try {
                s.accept(next);
            } catch (RuntimeException e) {
                log.debug("A region status subscriber failed", e);
            }
        }
    }

    @Override
    public void start() {
        schedule = scheduler.scheduleWithFixedDelay(this::checkNow, settings.pollInterval());
    }

    @Override
    public void stop() {
        ScheduledFuture<?> s = schedule;
        if (s != null) {
            s.cancel(false);
        }
        schedule = null;
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
