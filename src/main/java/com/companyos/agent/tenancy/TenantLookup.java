package com.companyos.agent.tenancy;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.replication.ReplicationRoles;
import com.companyos.agent.store.ShortCache;
import com.companyos.agentapi.control.DirectoryEntry;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.agent.db.Tables.DIRECTORY_TOKEN;
import static com.companyos.agent.db.Tables.TENANT_DIRECTORY;
import static com.companyos.agent.db.Tables.TENANT_NAMESPACE;
import static com.companyos.agent.db.Tables.TENANT_REPLICATION;

/**
 * Who a tenant is from this region's point of view: resident here (it has a namespace here), or known from the
 * platform's tenant directory (which region serves it), or unknown.
 */
@Component
public class TenantLookup {

    private final DSLContext db;
    private final AgentSettings settings;
    private final Clock clock;
    /** Every data request looks its tenant up; directory changes clear it (and it expires within 2 s anyway). */
    private final ShortCache<String, TenantRef> bySlug = new ShortCache<>(java.time.Duration.ofSeconds(2), 10_000);

    private final ReplicationRoles roles;

    TenantLookup(DSLContext db, AgentSettings settings, Clock clock, ReplicationRoles roles) {
        this.db = db;
        this.roles = roles;
        roles.onChange(this::invalidate);
        this.settings = settings;
        this.clock = clock;
    }

    public Optional<TenantRef> bySlug(String slug) {
        return bySlug.get(slug, this::load);
    }

    /** Forget cached lookups: the directory or a namespace changed. */
    void invalidate() {
        bySlug.invalidate();
    }

    private Optional<TenantRef> load(String slug) {
        var ns = db.selectFrom(TENANT_NAMESPACE).where(TENANT_NAMESPACE.SLUG.eq(slug)).fetchOptional();
        var dir = db.selectFrom(TENANT_DIRECTORY).where(TENANT_DIRECTORY.SLUG.eq(slug)).fetchOptional();
        if (ns.isPresent()) {
            var n = ns.get();
            String here = settings.region().value();
            // A namespace here is served here only while this region is the tenant's active one; its standby (and a
            // fenced old primary) send the tenant's applications to the region that serves it.
            String role = db.select(TENANT_REPLICATION.ROLE).from(TENANT_REPLICATION).where(TENANT_REPLICATION.TENANT_ID.eq(n.getTenantId()))
                    .fetchOptional(TENANT_REPLICATION.ROLE).orElse("ACTIVE");
            String active = dir.map(d -> d.getActiveRegion()).orElse(here);
            boolean serving = "ACTIVE".equals(role);
            return Optional.of(new TenantRef(n.getTenantId(), slug, n.getZone(), n.getResidencyLocked(), n.getChannel(), serving,
                    n.getSchemaName(), dir.map(d -> d.getPrimaryRegion()).orElse(here),
                    dir.map(d -> d.getFailoverRegion()).orElse(null), "ACTIVE".equals(role) ? here : active,
                    dir.map(d -> d.getActiveDataUrl()).orElse(null), dir.map(d -> d.getEpoch()).orElse(1L),
                    dir.map(d -> d.getStandbyRegion()).orElse(null), dir.map(d -> d.getStandbyControlUrl()).orElse(null),
                    dir.map(d -> d.getPartition()).orElse(settings.partition())));
        }
        return dir.map(d -> new TenantRef(d.getTenantId(), slug, d.getZone(), d.getResidencyLocked(), d.getChannel(), false,
                null, d.getPrimaryRegion(), d.getFailoverRegion(), d.getActiveRegion(), d.getActiveDataUrl(), d.getEpoch(),
                d.getStandbyRegion(), d.getStandbyControlUrl(), d.getPartition()));
    }

    @Transactional(readOnly = true)
    public Optional<TenantRef> byId(UUID tenantId) {
        String slug = db.select(TENANT_NAMESPACE.SLUG).from(TENANT_NAMESPACE).where(TENANT_NAMESPACE.TENANT_ID.eq(tenantId))
                .fetchOptional(TENANT_NAMESPACE.SLUG)
                .or(() -> db.select(TENANT_DIRECTORY.SLUG).from(TENANT_DIRECTORY).where(TENANT_DIRECTORY.TENANT_ID.eq(tenantId))
                        .fetchOptional(TENANT_DIRECTORY.SLUG))
                .orElse(null);
        return slug == null ? Optional.empty() : bySlug(slug);
    }

    /** Records (or updates) where a tenant lives, as the control plane says. */
    @Transactional
    public void put(DirectoryEntry e) {
        invalidate();
        if (!settings.serves(e.slug())) {
            return; // a DCP agent knows only its own tenant: every other slug and token is unknown here
        }
        UUID id = UUID.fromString(e.tenantId());
        // A slug given to another tenant before (torn down, re-created) moves to this one. Then an upsert: two pushes of
        // the same entry at once (the directory sync and a role change) must not collide, as delete-then-insert did.
        db.deleteFrom(TENANT_DIRECTORY).where(TENANT_DIRECTORY.SLUG.eq(e.slug()).and(TENANT_DIRECTORY.TENANT_ID.ne(id))).execute();
        Map<Field<?>, Object> values = new LinkedHashMap<>();
        values.put(TENANT_DIRECTORY.SLUG, e.slug());
        values.put(TENANT_DIRECTORY.ZONE, e.zone());
        values.put(TENANT_DIRECTORY.RESIDENCY_LOCKED, e.residencyLocked());
        values.put(TENANT_DIRECTORY.CHANNEL, e.channel());
        values.put(TENANT_DIRECTORY.PRIMARY_REGION, e.primaryRegion());
        values.put(TENANT_DIRECTORY.FAILOVER_REGION, e.failoverRegion());
        values.put(TENANT_DIRECTORY.ACTIVE_REGION, e.activeRegion());
        values.put(TENANT_DIRECTORY.ACTIVE_DATA_URL, e.activeDataUrl());
        values.put(TENANT_DIRECTORY.EPOCH, e.epoch() < 1 ? 1L : e.epoch());
        values.put(TENANT_DIRECTORY.STANDBY_REGION, e.standbyRegion());
        values.put(TENANT_DIRECTORY.STANDBY_CONTROL_URL, e.standbyControlUrl());
        values.put(TENANT_DIRECTORY.REPLICATION_MODE, e.replicationMode() == null ? "ASYNC" : e.replicationMode());
        values.put(TENANT_DIRECTORY.FAILED_OVER, e.failedOver());
        values.put(TENANT_DIRECTORY.FAILOVER_OPS, e.failoverOperations() == null ? "READ,WRITE" : e.failoverOperations());
        values.put(TENANT_DIRECTORY.PARTITION, e.partition());
        values.put(TENANT_DIRECTORY.UPDATED_AT, clock.instant().atOffset(ZoneOffset.UTC));
        db.insertInto(TENANT_DIRECTORY).set(TENANT_DIRECTORY.TENANT_ID, id).set(values)
                .onConflict(TENANT_DIRECTORY.TENANT_ID).doUpdate().set(values)
                .execute();
        if (e.tokenSha256s() != null) {
            db.deleteFrom(DIRECTORY_TOKEN).where(DIRECTORY_TOKEN.TENANT_ID.eq(id)
                    .and(DIRECTORY_TOKEN.TOKEN_SHA256.notIn(e.tokenSha256s()))).execute();
            for (String sha : e.tokenSha256s()) {
                db.insertInto(DIRECTORY_TOKEN).set(DIRECTORY_TOKEN.TOKEN_SHA256, sha).set(DIRECTORY_TOKEN.TENANT_ID, id)
                        .onConflict(DIRECTORY_TOKEN.TOKEN_SHA256).doUpdate().set(DIRECTORY_TOKEN.TENANT_ID, id).execute();
            }
        }
        roles.confirm(e);
    }

    /** Replaces the whole directory with the control plane's list (entries for tenants no longer listed go). */
    @Transactional
    public int replaceAll(java.util.List<DirectoryEntry> entries) {
        invalidate();
        db.deleteFrom(TENANT_DIRECTORY).execute();
        entries.forEach(this::put);
        return entries.size();
    }

    /** Whether {@code sha256} is one of the unrevoked API tokens of tenant {@code tenantId}, as the directory says. */
    @Transactional(readOnly = true)
    public boolean holdsToken(UUID tenantId, String sha256) {
        return db.fetchExists(DIRECTORY_TOKEN, DIRECTORY_TOKEN.TENANT_ID.eq(tenantId).and(DIRECTORY_TOKEN.TOKEN_SHA256.eq(sha256)));
    }

    @Transactional
    public void remove(UUID tenantId) {
        invalidate();
        db.deleteFrom(TENANT_DIRECTORY).where(TENANT_DIRECTORY.TENANT_ID.eq(tenantId)).execute();
    }
}
