package com.companyos.tenants;

import com.companyos.base.ConflictException;
import com.companyos.base.NotFoundException;
import com.companyos.tenants.internal.TenantDirectorySync;
import com.companyos.tenants.internal.TenantRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.UUID;

/**
 * Where a tenant is served, as the DR module changes it after the agents have been told (failover, failback): a
 * compare-and-set on the epoch, so two consoles racing the same failover cannot both move it. Not a user-facing
 * service — the DR module's executor is its only caller and carries the authorization (an approved request or an
 * audited emergency).
 */
@Component
public class TenantActivation {

    private final TenantRepository tenants;
    private final TenantDirectorySync directory;

    TenantActivation(TenantRepository tenants, TenantDirectorySync directory) {
        this.tenants = tenants;
        this.directory = directory;
    }

    public Tenant get(UUID tenantId) {
        return tenants.find(tenantId).orElseThrow(() -> new NotFoundException("No tenant " + tenantId));
    }

    /** The active tenant with this slug. */
    public Tenant active(String slug) {
        return tenants.findActive(slug).orElseThrow(() -> new NotFoundException("No active tenant " + slug));
    }

    /** Every active tenant (for the DR module's reconciliation and posture). */
    public java.util.List<Tenant> active() {
        return tenants.listActive();
    }

    /** Records that {@code toRegion} serves the tenant under {@code fromEpoch + 1}, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Tenant activate(UUID tenantId, long fromEpoch, String toRegion) {
        Tenant t = get(tenantId);
        boolean failedOver = !toRegion.equals(t.spec().primaryRegion().value());
        if (!tenants.activate(tenantId, fromEpoch, toRegion, failedOver)) {
            throw new ConflictException("Tenant " + t.slug() + " moved on concurrently (epoch is no longer " + fromEpoch + ")");
        }
        return get(tenantId);
    }

    /** Tells every agent the tenant's current placement and epoch (after the transaction that changed it). */
    public void publish(UUID tenantId) {
        directory.publish(get(tenantId));
    }

    /** Records that writes are confirmed while the tenant runs on its failover region (in the caller's transaction). */
    @Transactional(propagation = Propagation.MANDATORY)
    public Tenant confirmFailoverWrites(UUID tenantId) {
        tenants.confirmFailoverWrites(tenantId);
        return get(tenantId);
    }

    /** Sets the replication mode ({@code ASYNC} or {@code SYNC}), in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Tenant replicationMode(UUID tenantId, String mode) {
        if (!"ASYNC".equals(mode) && !"SYNC".equals(mode)) {
            throw new IllegalArgumentException("Replication mode is ASYNC or SYNC");
        }
        tenants.replicationMode(tenantId, mode);
        return get(tenantId);
    }

    /** The tenant's unrevoked API tokens (id → SHA-256), to grant them to agents that take the tenant over. */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, String> activeTokens(UUID tenantId) {
        return tenants.activeTokens(tenantId);
    }
}
