package com.companyos.tenants.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.NamespaceInfo;
import com.companyos.agentapi.control.NamespaceRequest;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.ConflictException;
import com.companyos.policy.PolicyBundle;
import com.companyos.policyadmin.PolicyService;
import com.companyos.regions.RegionAgents;
import com.companyos.security.CustomerAccounts;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantResource;
import com.companyos.tenants.TenantSpec;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Creates a tenant: its namespace in the primary region's agent (over mutual TLS), then, in one transaction, the
 * tenant record, its resources, default roles, policy binding and manifest, with the audit entry. Idempotent by
 * tenant ID: a second run for the same tenant changes nothing and returns the stored manifest byte for byte. Finally
 * every region's agent learns where the tenant lives (the tenant directory).
 */
@Component
public class TenantProvisioner {

    private final TenantRepository tenants;
    private final RegionAgents agents;
    private final PolicyService policy;
    private final EvidenceRecorder evidence;
    private final TransactionTemplate tx;
    private final TenantDirectorySync directory;
    private final Clock clock;
    private final CustomerAccounts customers;
    private final org.springframework.context.ApplicationEventPublisher events;

    TenantProvisioner(TenantRepository tenants, RegionAgents agents, PolicyService policy, EvidenceRecorder evidence,
                      TransactionTemplate tx, TenantDirectorySync directory, Clock clock,
                      CustomerAccounts customers, org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.directory = directory;
        this.tenants = tenants;
        this.agents = agents;
        this.policy = policy;
        this.evidence = evidence;
        this.tx = tx;
        this.clock = clock;
        this.customers = customers;
    }

    public Tenant provision(UUID tenantId, TenantValidator.Validated validated, UUID approvalRequestId, String requester,
                            List<String> approvers) {
        TenantSpec spec = validated.spec();
        var again = tenants.find(tenantId);
        if (again.isPresent()) {
            return again.get();
        }
        var sameSlug = tenants.findActive(spec.slug());
        if (sameSlug.isPresent()) {
            if (sameSlug.get().spec().equals(spec)) {
                return sameSlug.get();
            }
            throw new ConflictException("A different tenant " + spec.slug() + " already exists");
        }
        boolean locked = spec.residencyLocked() || spec.dcpRequested();
        NamespaceInfo namespace = agents.client(spec.primaryRegion()).put(AgentPaths.namespace(tenantId.toString()),
                new NamespaceRequest(spec.slug(), spec.zone().name(), locked, spec.channel().folder(), NamespaceRequest.ACTIVE, 1),
                NamespaceInfo.class);
        // The warm standby: the same namespace in the failover region, which receives the primary's changes. A failover
        // region outside the zone still gets an (empty) namespace; the replication policy refuses to ship to it, and
        // the posture view says so.
        NamespaceInfo standby = agents.client(spec.failoverRegion()).put(AgentPaths.namespace(tenantId.toString()),
                new NamespaceRequest(spec.slug(), spec.zone().name(), locked, spec.channel().folder(), NamespaceRequest.STANDBY, 1),
                NamespaceInfo.class);
        Instant now = clock.instant();
        PolicyBundle bundle = policy.bundle(spec.channel());
        List<TenantResource> resources = new ArrayList<>();
        resources.add(new TenantResource("CONTROL_DB", "control-plane", "tenant-record", "tenant/" + tenantId, now, null));
        for (String role : TenantRoles.DEFAULTS) {
            resources.add(new TenantResource("CONTROL_DB", "control-plane", "role", spec.slug() + ":" + role, now, null));
        }
        resources.add(new TenantResource("CONTROL_DB", "control-plane", "policy-binding",
                spec.slug() + ":" + bundle.channel().folder() + "@" + bundle.version(), now, null));
        namespace.resources().forEach(r -> resources.add(new TenantResource(r.store(), spec.primaryRegion().value(), r.kind(), r.id(), now, null)));
        standby.resources().forEach(r -> resources.add(new TenantResource(r.store(), spec.failoverRegion().value(), r.kind(), r.id(), now, null)));
        String manifest = ManifestWriter.write(tenantId, spec, spec.primaryRegion().value(), resources, TenantRoles.DEFAULTS,
                bundle.channel().folder(), bundle.version(), bundle.sha256(), approvalRequestId, now);
        String sha = ManifestWriter.verify(manifest);
        try {
            tx.executeWithoutResult(status -> {
                tenants.insert(tenantId, spec, requester, approvalRequestId, now, manifest, sha, resources, TenantRoles.DEFAULTS,
                        bundle.channel().folder(), bundle.version(), bundle.sha256());
                customers.tenantCreated(tenantId, spec.slug());
                evidence.record(AuditEvent.by(requester, "tenant.created", "tenant:" + spec.slug())
                        .decision(validated.failoverDecision().decisionId())
                        .detail("tenantId", tenantId.toString())
                        .detail("primaryRegion", spec.primaryRegion().value())
                        .detail("failoverRegion", spec.failoverRegion().value())
                        .detail("residencyLocked", spec.residencyLocked())
                        .detail("manifestSha256", sha)
                        .detail("placementDecisions", validated.primaryDecision().decisionId() + "," + validated.failoverDecision().decisionId())
                        .detail("approvalRequest", approvalRequestId == null ? null : approvalRequestId.toString())
                        .detail("approvedBy", String.join(",", approvers)));
            });
        } catch (DuplicateKeyException raced) {
            // Another run for this tenant (or slug) committed first: return what it stored.
            return tenants.find(tenantId).or(() -> tenants.findActive(spec.slug()))
                    .orElseThrow(() -> new ConflictException("Tenant " + spec.slug() + " was created concurrently; retry"));
        }
        Tenant created = tenants.find(tenantId).orElseThrow();
        directory.publish(created);
        events.publishEvent(new com.companyos.tenants.TenantCreated(tenantId, spec.slug(), spec.dcpRequested(), requester, approvalRequestId));
        return created;
    }
}
