package com.companyos.tenants.internal;

import com.companyos.base.Json;
import com.companyos.policy.PolicyBundle;
import com.companyos.policyadmin.PolicyService;
import com.companyos.regions.RegionRegistry;
import com.companyos.tenants.TenantRequest;
import com.companyos.tenants.TenantSpec;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What creating a tenant will do, before it is done: its deterministic ID, the approval request's payload (what the
 * approved request replays) and the plain-language description reviewers approve.
 */
@Component
public class TenantCreationPlans {

    private final TenantRepository tenants;
    private final PolicyService policy;
    private final RegionRegistry regions;

    TenantCreationPlans(TenantRepository tenants, PolicyService policy, RegionRegistry regions) {
        this.tenants = tenants;
        this.policy = policy;
        this.regions = regions;
    }

    /**
     * A deterministic tenant ID: the same request for the same slug generation yields the same ID, so a repeated
     * submission is the same request (idempotent), and a tenant re-created after a teardown gets a new one.
     */
    public UUID tenantIdFor(TenantSpec spec) {
        long generation = tenants.tornDownCount(spec.slug());
        String key = "companyos-tenant:" + spec.slug() + ":" + generation + ":" + spec.fields();
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }

    public String payload(UUID tenantId, TenantSpec spec) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("tenantId", tenantId.toString());
        p.put("request", new TenantRequest(spec.name(), spec.slug(), spec.contacts(), spec.zone().name(), spec.residencyLocked(),
                spec.primaryRegion().value(), spec.failoverRegion().value(),
                spec.failoverAllowedOperations().stream().map(Enum::name).sorted().toList(), spec.defaultClassification().label(),
                spec.retentionPolicy().label(), spec.dcpRequested(), null));
        return Json.write(p);
    }

    public String describe(TenantValidator.Validated v, UUID tenantId) {
        TenantSpec s = v.spec();
        PolicyBundle bundle = policy.bundle(s.channel());
        return "Create tenant " + s.slug() + " (" + s.name() + "), id " + tenantId + "\n"
                + "  residency: zone " + s.zone() + (s.residencyLocked() ? ", LOCKED" : ", not locked")
                + (s.dcpRequested() ? ", Dedicated Compliance Partition requested" : "") + "\n"
                + "  primary region: " + s.primaryRegion() + "; failover region: " + s.failoverRegion()
                + "; allowed during failover: " + s.failoverAllowedOperations() + "\n"
                + "  data defaults: classification " + s.defaultClassification().label() + ", retention " + s.retentionPolicy().label() + "\n"
                + "  contacts: " + s.contacts().stream().map(c -> c.name() + " <" + c.email() + ">").toList() + "\n"
                + "Will create, over mutual TLS in " + s.primaryRegion() + ": a schema for records, a search index, an object-store prefix; "
                + "and the same in " + s.failoverRegion() + " as its warm standby (every change is replicated there"
                + (regions.find(s.failoverRegion()).map(r -> r.zone() == s.zone()).orElse(false) ? ")"
                        : " — except that " + s.failoverRegion() + " lies outside zone " + s.zone() + ", so the residency policy will refuse "
                        + "to replicate: choose an in-zone failover region for a real standby)") + ".\n"
                + "Will record: the tenant, roles " + String.join(", ", List.of("tenant-admin", "tenant-reader", "tenant-writer"))
                + ", policy binding " + bundle.channel().folder() + "@" + bundle.version() + " (sha256 " + bundle.sha256() + "), tenant.yaml.\n"
                + "Placement decisions: primary " + v.primaryDecision().explanation() + " [" + v.primaryDecision().decisionId() + "]; "
                + "failover " + v.failoverDecision().explanation() + " [" + v.failoverDecision().decisionId() + "]\n";
    }
}
