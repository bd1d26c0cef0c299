package com.companyos.agent.internal;

import com.companyos.agent.AgentSettings;
import com.companyos.agentapi.DirectoryEntry;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.agent.db.Tables.TENANT_DIRECTORY;
import static com.companyos.agent.db.Tables.TENANT_NAMESPACE;

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

    TenantLookup(DSLContext db, AgentSettings settings, Clock clock) {
        this.db = db;
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
            return Optional.of(new TenantRef(n.getTenantId(), slug, n.getZone(), n.getResidencyLocked(), n.getChannel(), true,
                    n.getSchemaName(), dir.map(d -> d.getPrimaryRegion()).orElse(settings.region().value()),
                    dir.map(d -> d.getFailoverRegion()).orElse(null), dir.map(d -> d.getActiveRegion()).orElse(settings.region().value()),
                    dir.map(d -> d.getActiveDataUrl()).orElse(null)));
        }
        return dir.map(d -> new TenantRef(d.getTenantId(), slug, d.getZone(), d.getResidencyLocked(), d.getChannel(), false,
                null, d.getPrimaryRegion(), d.getFailoverRegion(), d.getActiveRegion(), d.getActiveDataUrl()));
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
        UUID id = UUID.fromString(e.tenantId());
        db.deleteFrom(TENANT_DIRECTORY).where(TENANT_DIRECTORY.TENANT_ID.eq(id).or(TENANT_DIRECTORY.SLUG.eq(e.slug()))).execute();
        db.insertInto(TENANT_DIRECTORY)
                .set(TENANT_DIRECTORY.TENANT_ID, id)
                .set(TENANT_DIRECTORY.SLUG, e.slug())
                .set(TENANT_DIRECTORY.ZONE, e.zone())
                .set(TENANT_DIRECTORY.RESIDENCY_LOCKED, e.residencyLocked())
                .set(TENANT_DIRECTORY.CHANNEL, e.channel())
                .set(TENANT_DIRECTORY.PRIMARY_REGION, e.primaryRegion())
                .set(TENANT_DIRECTORY.FAILOVER_REGION, e.failoverRegion())
                .set(TENANT_DIRECTORY.ACTIVE_REGION, e.activeRegion())
                .set(TENANT_DIRECTORY.ACTIVE_DATA_URL, e.activeDataUrl())
                .set(TENANT_DIRECTORY.UPDATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .execute();
    }

    /** Replaces the whole directory with the control plane's list (entries for tenants no longer listed go). */
    @Transactional
    public int replaceAll(java.util.List<DirectoryEntry> entries) {
        invalidate();
        db.deleteFrom(TENANT_DIRECTORY).execute();
        entries.forEach(this::put);
        return entries.size();
    }

    @Transactional
    public void remove(UUID tenantId) {
        invalidate();
        db.deleteFrom(TENANT_DIRECTORY).where(TENANT_DIRECTORY.TENANT_ID.eq(tenantId)).execute();
    }
}
