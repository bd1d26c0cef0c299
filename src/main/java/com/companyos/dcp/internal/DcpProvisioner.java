package com.companyos.dcp.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.NamespaceInfo;
import com.companyos.agentapi.control.NamespaceRequest;
import com.companyos.agentapi.control.ReplicationStatus;
import com.companyos.agentapi.control.RoleChange;
import com.companyos.agentapi.control.TenantTokenGrant;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.RegionId;
import com.companyos.dcp.Dcp;
import com.companyos.dcp.DcpState;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.Fingerprints;
import com.companyos.pki.IssuedIdentity;
import com.companyos.regions.AgentClient;
import com.companyos.regions.RegionAgents;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantActivation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

/**
 * Provisions approved DCPs, step by step: key issued, pool started (per region), storage created (per region), data
 * moved, routing switched, standby in sync. Each step is idempotent and recorded in {@code dcp_step}, so a console
 * killed at any point resumes where it stopped (the next start, or another console after the lease expires): a step
 * recorded DONE is skipped, a RUNNING one is run again. Work is claimed with a lease on the row, so two consoles never
 * provision the same DCP at once. Every state change is audited.
 *
 * <p>Moving a tenant: its shared agents are fenced under a new epoch first (a write in flight either committed before
 * the fence or is refused and retried by the client at the partition), then the partition takes over under that epoch.
 * This version moves tenants whose shared namespaces hold no governed records yet; for one that holds records, the
 * data-moved step fails with a clear message and nothing is lost (the shared agents are re-activated).
 */
@Component
class DcpProvisioner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DcpProvisioner.class);
    static final Duration LEASE = Duration.ofMinutes(5);

    private final DcpRepository repository;
    private final DcpEndpoints endpoints;
    private final Optional<DcpPools> pools;
    private final ControlPlaneKeys keys;
    private final RegionAgents agents;
    private final TenantActivation tenants;
    private final EvidenceRecorder evidence;
    private final DcpRecords records;
    private final TransactionTemplate tx;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final Path dataDir;
    private final String owner = "console-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dcp-provisioner");
        t.setDaemon(true);
        return t;
    });
    private volatile ScheduledFuture<?> schedule;

    DcpProvisioner(DcpRepository repository, DcpEndpoints endpoints, Optional<DcpPools> pools, ControlPlaneKeys keys,
                   RegionAgents agents, TenantActivation tenants, EvidenceRecorder evidence, DcpRecords records,
                   TransactionTemplate tx, TaskScheduler scheduler, Clock clock, @Value("${companyos.data-dir}") Path dataDir) {
        this.repository = repository;
        this.endpoints = endpoints;
        this.pools = pools;
        this.keys = keys;
        this.agents = agents;
        this.tenants = tenants;
        this.evidence = evidence;
        this.records = records;
        this.tx = tx;
        this.scheduler = scheduler;
        this.clock = clock;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        endpoints.releaser(this::release);
    }

    /** Teardown of a DCP tenant (after its namespaces were removed): pools, storage and key go; the DCP is deleted. */
    List<String> release(UUID tenantId) {
        Optional<Dcp> found = repository.find(tenantId);
        if (found.isEmpty() || found.get().state() == DcpState.DELETED) {
            return List.of();
        }
        Dcp d = found.get();
        List<String> removed = new ArrayList<>();
        if (pools.isPresent()) {
            for (Dcp.Endpoint e : d.endpoints()) {
                removed.addAll(pools.get().destroy(d.slug(), RegionId.of(e.region()), e));
            }
            if (pools.get() instanceof LocalDcpPools local) {
                removed.addAll(local.destroyKeys(d.slug()));
            }
        }
        tx.executeWithoutResult(s -> {
            if (repository.transition(tenantId, d.state(), DcpState.DELETED, clock.instant())) {
                evidence.record(AuditEvent.by("system:dcp", "dcp.deleted", "tenant:" + d.slug()).detail("removed", String.join("; ", removed)));
            }
        });
        endpoints.refresh();
        return removed;
    }

    /** Looks for work now (after an approval, a resume). */
    void kick() {
        worker.execute(this::runDue);
    }

    private void runDue() {
        for (Dcp d : repository.inStates(DcpState.PROVISIONING)) {
            Instant now = clock.instant();
            if (!repository.lease(d.tenantId(), owner, now, now.plus(LEASE))) {
                continue;
            }
            try {
                provision(d.tenantId());
            } catch (RuntimeException e) {
                log.warn("Provisioning the DCP of {} failed: {}", d.slug(), e.getMessage());
                repository.failed(d.tenantId(), e.getMessage(), clock.instant());
                endpoints.refresh();
                evidence.record(AuditEvent.by("system:dcp", "dcp.provisioning-failed", "tenant:" + d.slug()).reason(e.getMessage()));
            } finally {
                repository.release(d.tenantId(), owner);
            }
        }
    }

    private void provision(UUID tenantId) {
        Dcp d = repository.find(tenantId).orElseThrow();
        String slug = d.slug();
        DcpPools pool = pools.orElseThrow(() -> new IllegalStateException(
                "No DCP pool adapter is configured (companyos.agents.local.enabled=false and no production adapter)"));
        step(d, "key-issued", "", () -> {
            IssuedIdentity key = keys.ensureDcpSigningKey(slug, LocalDcpPools.keyFolder(dataDir, slug), false);
            String fp = Fingerprints.sha256(key.certificate());
            repository.key(tenantId, fp);
            return "Ed25519 signing key " + fp + " for spiffe://companyos/dcp/" + slug + "/signing";
        });
        for (String region : d.plan().regions()) {
            step(d, "pool-started", region, () -> {
                Dcp now = repository.find(tenantId).orElseThrow();
                Dcp.Endpoint e = pool.start(slug, RegionId.of(region), now.endpoint(region));
                List<Dcp.Endpoint> all = new ArrayList<>(now.endpoints().stream().filter(x -> !x.region().equals(region)).toList());
                all.add(e);
                repository.endpoints(tenantId, all);
                endpoints.refresh();
                return "agent " + region + "/dcp/" + slug + " serving on " + e.agentUrl() + " (data " + e.dataUrl() + ")";
            });
        }
        d = repository.find(tenantId).orElseThrow();
        Tenant t = tenants.get(tenantId);
        // The partition takes the tenant over under the next epoch (the shared agents are fenced under it below).
        long epoch = repository.stepDone(tenantId, DcpEndpoints.DATA_MOVED, "") ? t.epoch() : t.epoch() + 1;
        for (String region : d.plan().regions()) {
            Dcp current = d;
            long e = epoch;
            step(d, "storage-created", region, () -> {
                boolean active = region.equals(t.activeRegion());
                NamespaceInfo ns = partition(current, region).put(AgentPaths.namespace(tenantId.toString()),
                        new NamespaceRequest(slug, t.spec().zone().name(), true, "dcp",
                                active ? NamespaceRequest.ACTIVE : NamespaceRequest.STANDBY, e), NamespaceInfo.class);
                if (active) {
                    for (Map.Entry<UUID, String> token : tenants.activeTokens(tenantId).entrySet()) {
                        partition(current, region).put(AgentPaths.tenantToken(tenantId.toString(), token.getKey().toString()),
                                new TenantTokenGrant(token.getValue()), Void.class);
                    }
                }
                return (active ? "serving" : "standby") + " namespace: " + String.join(", ",
                        ns.resources().stream().map(r -> r.store() + " " + r.id()).toList());
            });
        }
        Dcp current = d;
        step(d, DcpEndpoints.DATA_MOVED, "", () -> moveIn(current, t));
        step(d, DcpEndpoints.ROUTING_SWITCHED, "", () -> {
            endpoints.refresh();
            tenants.publish(tenantId); // every agent: the tenant is served by its partition now
            List<String> removed = new ArrayList<>();
            for (String region : List.of(t.spec().primaryRegion().value(), t.spec().failoverRegion().value())) {
                try {
                    agents.client(RegionId.of(region)).delete(AgentPaths.namespace(tenantId.toString()),
                            com.companyos.agentapi.control.NamespaceRemoval.class);
                    removed.add(region);
                } catch (AgentClient.AgentRefusedException e) {
                    throw new IllegalStateException("The shared " + region + " agent kept the tenant's namespace: " + e.detail());
                }
            }
            return "routing points at the partition; shared namespaces removed in " + String.join(", ", removed);
        });
        step(d, "standby-in-sync", "", () -> awaitStandby(current, t));
        Instant now = clock.instant();
        Dcp done = repository.find(tenantId).orElseThrow();
        String envelope = records.sign(done, now);
        tx.executeWithoutResult(status -> {
            repository.record(tenantId, envelope);
            if (repository.transition(tenantId, DcpState.PROVISIONING, DcpState.ACTIVE, now)) {
                evidence.record(AuditEvent.by("system:dcp", "dcp.active", "tenant:" + slug)
                        .detail("planSha256", done.planSha256())
                        .detail("signingKeySha256", done.keyFingerprint())
                        .detail("recordSha256", com.companyos.base.Hashing.sha256Hex(envelope))
                        .detail("approvedBy", String.join(",", done.approvedBy())));
            }
        });
        endpoints.refresh();
        log.info("The DCP of {} is active", slug);
    }

    /** Fences the shared agents under the next epoch, checks they hold nothing to move, and records the new epoch. */
    private String moveIn(Dcp d, Tenant t) {
        long epoch = t.epoch() + 1;
        String active = t.activeRegion();
        List<String> fenced = new ArrayList<>();
        for (String region : List.of(active, t.standbyRegion())) {
            try {
                agents.client(RegionId.of(region)).post(AgentPaths.tenantReplication(t.id().toString()),
                        new RoleChange(RoleChange.FENCED, epoch, active, t.failedOver(), t.failoverOperations(), 0,
                                "moving into its Dedicated Compliance Partition"), ReplicationStatus.class);
                fenced.add(region);
            } catch (AgentClient.AgentRefusedException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
        }
        Optional<NamespaceInfo> ns = agents.client(RegionId.of(active)).get(AgentPaths.namespace(t.id().toString()), NamespaceInfo.class);
        long records = ns.map(NamespaceInfo::records).orElse(0L).longValue();
        if (records > 0) {
            // Nothing is lost: the shared agents take the tenant back under the same new epoch.
            agents.client(RegionId.of(active)).post(AgentPaths.tenantReplication(t.id().toString()),
                    new RoleChange(RoleChange.ACTIVE, epoch, active, t.failedOver(), t.failoverOperations(), 0,
                            "DCP move refused: records present"), ReplicationStatus.class);
            agents.client(RegionId.of(t.standbyRegion())).post(AgentPaths.tenantReplication(t.id().toString()),
                    new RoleChange(RoleChange.STANDBY, epoch, active, t.failedOver(), t.failoverOperations(), 0,
                            "DCP move refused: records present"), ReplicationStatus.class);
            tx.executeWithoutResult(s -> tenants.activate(t.id(), t.epoch(), active));
            tenants.publish(t.id());
            throw new IllegalStateException("Tenant " + t.slug() + " holds " + records + " governed record(s) in the shared " + active
                    + " agent; moving existing records into a DCP is not available in this version. The shared agents serve it again"
                    + " under epoch " + epoch + ".");
        }
        tx.executeWithoutResult(s -> tenants.activate(t.id(), t.epoch(), active));
        return "shared agents fenced under epoch " + epoch + " (" + String.join(", ", fenced) + "); 0 records to move";
    }

    private String awaitStandby(Dcp d, Tenant t) {
        Instant deadline = clock.instant().plusSeconds(60);
        String standby = t.standbyRegion();
        String last = "no answer";
        while (clock.instant().isBefore(deadline)) {
            try {
                Optional<ReplicationStatus> s = partition(d, t.activeRegion()).get(AgentPaths.tenantReplication(t.id().toString()),
                        ReplicationStatus.class);
                if (s.isPresent() && s.get().problem() == null && s.get().seqBehind() == 0) {
                    return "standby " + standby + "/dcp/" + d.slug() + " in sync (acked seq " + s.get().ackedSeq() + ")";
                }
                last = s.map(x -> x.problem() != null ? x.problem() : x.seqBehind() + " change(s) behind").orElse("no status");
            } catch (RuntimeException e) {
                last = AgentClient.describe(e);
            }
            sleep(500);
        }
        throw new IllegalStateException("The standby partition in " + standby + " did not get in sync within 60 s: " + last);
    }

    private AgentClient partition(Dcp d, String region) {
        Dcp.Endpoint e = d.endpoint(region).orElseThrow(() -> new IllegalStateException("No partition agent in " + region + " yet"));
        return agents.client(endpoints.region(d, e));
    }

    private void step(Dcp d, String step, String region, Supplier<String> work) {
        if (repository.stepDone(d.tenantId(), step, region)) {
            return;
        }
        repository.stepStarted(d.tenantId(), step, region, clock.instant());
        String detail;
        try {
            detail = work.get();
        } catch (RuntimeException e) {
            repository.stepFinished(d.tenantId(), step, region, false, e.getMessage(), clock.instant());
            throw e;
        }
        repository.stepFinished(d.tenantId(), step, region, true, detail, clock.instant());
        evidence.record(AuditEvent.by("system:dcp", "dcp.step-done", "tenant:" + d.slug())
                .detail("step", step).detail("region", region).detail("detail", detail));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted");
        }
    }

    /** On start: relaunch the pools of partitions that hold data, then resume provisioning. */
    @Override
    public void start() {
        schedule = scheduler.scheduleWithFixedDelay(() -> worker.execute(this::runDue), Instant.now().plusSeconds(2), Duration.ofSeconds(5));
        worker.execute(this::relaunch);
    }

    private void relaunch() {
        if (pools.isEmpty()) {
            return;
        }
        for (Dcp d : repository.inStates(DcpState.ACTIVE, DcpState.DEGRADED, DcpState.FALLBACK, DcpState.DRAINING)) {
            for (Dcp.Endpoint e : d.endpoints()) {
                try {
                    pools.get().start(d.slug(), RegionId.of(e.region()), Optional.of(e));
                } catch (RuntimeException ex) {
                    log.warn("Could not restart the partition agent {}/dcp/{}: {}", e.region(), d.slug(), ex.getMessage());
                    if (repository.transition(d.tenantId(), d.state(), DcpState.DEGRADED, clock.instant())) {
                        evidence.record(AuditEvent.by("system:dcp", "dcp.degraded", "tenant:" + d.slug()).reason(ex.getMessage()));
                    }
                }
            }
        }
        endpoints.refresh();
    }

    @Override
    public void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
        worker.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return schedule != null && !schedule.isCancelled();
    }

    /** After the local agent supervisor (which must run to launch pools), before the web server. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 2000;
    }
}
