package com.companyos.tenants.internal;

import com.companyos.base.Classification;
import com.companyos.base.FailoverOperation;
import com.companyos.base.Json;
import com.companyos.base.RegionId;
import com.companyos.base.RetentionPolicy;
import com.companyos.base.Zone;
import com.companyos.db.tables.records.TenantRecord;
import com.companyos.db.tables.records.TenantResourceRecord;
import com.companyos.tenants.Contact;
import com.companyos.tenants.LegalHold;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantResource;
import com.companyos.tenants.TenantSpec;
import com.companyos.tenants.TenantToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.companyos.db.Tables.DELETION_CERTIFICATE;
import static com.companyos.db.Tables.LEGAL_HOLD;
import static com.companyos.db.Tables.TENANT;
import static com.companyos.db.Tables.TENANT_API_TOKEN;
import static com.companyos.db.Tables.TENANT_POLICY_BINDING;
import static com.companyos.db.Tables.TENANT_RESOURCE;
import static com.companyos.db.Tables.TENANT_ROLE;

/** jOOQ access to the tenants module's tables. Callers own the transactions. */
@Repository
public class TenantRepository {

    private final DSLContext db;

    public TenantRepository(DSLContext db) {
        this.db = db;
    }

    public Optional<Tenant> findActive(String slug) {
        return db.selectFrom(TENANT).where(TENANT.SLUG.eq(slug).and(TENANT.STATUS.eq("ACTIVE"))).fetchOptional().map(this::toTenant);
    }

    public Optional<Tenant> find(UUID id) {
        return db.selectFrom(TENANT).where(TENANT.TENANT_ID.eq(id)).fetchOptional().map(this::toTenant);
    }

    /** The active tenant with this slug, or else the most recently torn down one (for its history). */
    public Optional<Tenant> findLatest(String slug) {
        return db.selectFrom(TENANT).where(TENANT.SLUG.eq(slug))
                .orderBy(TENANT.STATUS.eq("ACTIVE").desc(), TENANT.CREATED_AT.desc()).limit(1).fetchOptional().map(this::toTenant);
    }

    public int tornDownCount(String slug) {
        return db.fetchCount(TENANT, TENANT.SLUG.eq(slug).and(TENANT.STATUS.eq("TORN_DOWN")));
    }

    /** Active customer tenants (no synthetic canaries) counted per zone, lock, DCP request and failover. */
    public com.companyos.tenants.TenantCensus census() {
        var rows = db.select(TENANT.RESIDENCY_ZONE, TENANT.RESIDENCY_LOCKED, TENANT.DCP_REQUESTED, TENANT.FAILED_OVER, org.jooq.impl.DSL.count())
                .from(TENANT).where(TENANT.STATUS.eq("ACTIVE").and(TENANT.SLUG.notLike(Tenant.SYNTHETIC_PREFIX + "%")))
                .groupBy(TENANT.RESIDENCY_ZONE, TENANT.RESIDENCY_LOCKED, TENANT.DCP_REQUESTED, TENANT.FAILED_OVER).fetch();
        java.util.Map<String, int[]> zones = new java.util.TreeMap<>();
        int total = 0;
        int locked = 0;
        int dcp = 0;
        int failedOver = 0;
        for (var r : rows) {
            int n = r.value5();
            zones.computeIfAbsent(r.value1(), z -> new int[2])[r.value2() ? 0 : 1] += n;
            total += n;
            locked += r.value2() ? n : 0;
            dcp += r.value3() ? n : 0;
            failedOver += r.value4() ? n : 0;
        }
        List<com.companyos.tenants.TenantCensus.ZoneCount> counts = new java.util.ArrayList<>();
        zones.forEach((z, c) -> counts.add(new com.companyos.tenants.TenantCensus.ZoneCount(z, c[0], c[1])));
        return new com.companyos.tenants.TenantCensus(counts, total, locked, dcp, failedOver);
    }

    public List<Tenant> list() {
        return toTenants(db.selectFrom(TENANT).orderBy(TENANT.STATUS.asc(), TENANT.SLUG.asc()).fetch());
    }

    /** Every active tenant (the DR module's posture and reconciliation), in two queries however many there are. */
    public List<Tenant> listActive() {
        return toTenants(db.selectFrom(TENANT).where(TENANT.STATUS.eq("ACTIVE")).orderBy(TENANT.SLUG.asc()).fetch());
    }

    public void insert(UUID id, TenantSpec spec, String createdBy, UUID approvalRequestId, Instant now, String manifest,
                       String manifestSha256, List<TenantResource> resources, List<String> roles, String channel,
                       String bundleVersion, String bundleSha256) {
        db.insertInto(TENANT)
                .set(TENANT.TENANT_ID, id)
                .set(TENANT.SLUG, spec.slug())
                .set(TENANT.NAME, spec.name())
                .set(TENANT.CONTACTS, Json.write(spec.contacts()))
                .set(TENANT.RESIDENCY_ZONE, spec.zone().name())
                .set(TENANT.RESIDENCY_LOCKED, spec.residencyLocked())
                .set(TENANT.PRIMARY_REGION, spec.primaryRegion().value())
                .set(TENANT.FAILOVER_REGION, spec.failoverRegion().value())
                .set(TENANT.ACTIVE_REGION, spec.primaryRegion().value())
                .set(TENANT.FAILOVER_ALLOWED_OPERATIONS, spec.failoverAllowedOperations().stream().map(Enum::name).sorted().collect(Collectors.joining(",")))
                .set(TENANT.DEFAULT_CLASSIFICATION, spec.defaultClassification().label())
                .set(TENANT.RETENTION_POLICY, spec.retentionPolicy().label())
                .set(TENANT.DCP_REQUESTED, spec.dcpRequested())
                .set(TENANT.POLICY_CHANNEL, channel)
                .set(TENANT.STATUS, "ACTIVE")
                .set(TENANT.CREATED_AT, at(now))
                .set(TENANT.CREATED_BY, createdBy)
                .set(TENANT.APPROVAL_REQUEST_ID, approvalRequestId)
                .set(TENANT.MANIFEST, manifest)
                .set(TENANT.MANIFEST_SHA256, manifestSha256)
                .execute();
        for (TenantResource r : resources) {
            db.insertInto(TENANT_RESOURCE)
                    .set(TENANT_RESOURCE.TENANT_ID, id).set(TENANT_RESOURCE.STORE, r.store()).set(TENANT_RESOURCE.REGION, r.region())
                    .set(TENANT_RESOURCE.KIND, r.kind()).set(TENANT_RESOURCE.RESOURCE_ID, r.id()).set(TENANT_RESOURCE.CREATED_AT, at(now))
                    .execute();
        }
        for (String role : roles) {
            db.insertInto(TENANT_ROLE).set(TENANT_ROLE.TENANT_ID, id).set(TENANT_ROLE.ROLE_NAME, role)
                    .set(TENANT_ROLE.PERMISSIONS, TenantRoles.permissions(role)).execute();
        }
        db.insertInto(TENANT_POLICY_BINDING).set(TENANT_POLICY_BINDING.TENANT_ID, id).set(TENANT_POLICY_BINDING.CHANNEL, channel)
                .set(TENANT_POLICY_BINDING.BUNDLE_VERSION, bundleVersion).set(TENANT_POLICY_BINDING.BUNDLE_SHA256, bundleSha256)
                .set(TENANT_POLICY_BINDING.BOUND_AT, at(now)).execute();
    }

    public List<String> roles(UUID id) {
        return db.select(TENANT_ROLE.ROLE_NAME).from(TENANT_ROLE).where(TENANT_ROLE.TENANT_ID.eq(id)).orderBy(TENANT_ROLE.ROLE_NAME)
                .fetch(TENANT_ROLE.ROLE_NAME);
    }

    public int policyBindings(UUID id) {
        return db.fetchCount(TENANT_POLICY_BINDING, TENANT_POLICY_BINDING.TENANT_ID.eq(id));
    }

    /** Marks the tenant torn down and its resources removed; removes roles and policy bindings; revokes tokens. */
    public boolean markTornDown(UUID id, Instant now) {
        int updated = db.update(TENANT).set(TENANT.STATUS, "TORN_DOWN").set(TENANT.TORN_DOWN_AT, at(now))
                .where(TENANT.TENANT_ID.eq(id).and(TENANT.STATUS.eq("ACTIVE"))).execute();
        if (updated == 0) {
            return false;
        }
        db.update(TENANT_RESOURCE).set(TENANT_RESOURCE.REMOVED_AT, at(now))
                .where(TENANT_RESOURCE.TENANT_ID.eq(id).and(TENANT_RESOURCE.REMOVED_AT.isNull())).execute();
        db.deleteFrom(TENANT_ROLE).where(TENANT_ROLE.TENANT_ID.eq(id)).execute();
        db.deleteFrom(TENANT_POLICY_BINDING).where(TENANT_POLICY_BINDING.TENANT_ID.eq(id)).execute();
        db.update(TENANT_API_TOKEN).set(TENANT_API_TOKEN.REVOKED_AT, at(now))
                .where(TENANT_API_TOKEN.TENANT_ID.eq(id).and(TENANT_API_TOKEN.REVOKED_AT.isNull())).execute();
        return true;
    }

    // Legal holds

    public void insertHold(UUID holdId, UUID tenantId, String placedBy, String reason, Instant now, Instant until) {
        db.insertInto(LEGAL_HOLD).set(LEGAL_HOLD.HOLD_ID, holdId).set(LEGAL_HOLD.TENANT_ID, tenantId)
                .set(LEGAL_HOLD.PLACED_BY, placedBy).set(LEGAL_HOLD.REASON, reason).set(LEGAL_HOLD.PLACED_AT, at(now))
                .set(LEGAL_HOLD.UNTIL, at(until)).execute();
    }

    public List<LegalHold> holds(UUID tenantId, String slug) {
        return db.selectFrom(LEGAL_HOLD).where(LEGAL_HOLD.TENANT_ID.eq(tenantId)).orderBy(LEGAL_HOLD.PLACED_AT.desc()).fetch()
                .map(h -> new LegalHold(h.getHoldId(), slug, h.getPlacedBy(), h.getReason(), h.getPlacedAt().toInstant(),
                        instant(h.getUntil()), instant(h.getReleasedAt()), h.getReleasedByRequest()));
    }

    public Optional<UUID> holdTenant(UUID holdId) {
        return db.select(LEGAL_HOLD.TENANT_ID).from(LEGAL_HOLD).where(LEGAL_HOLD.HOLD_ID.eq(holdId)).fetchOptional(LEGAL_HOLD.TENANT_ID);
    }

    public boolean releaseHold(UUID holdId, UUID requestId, Instant now) {
        return db.update(LEGAL_HOLD).set(LEGAL_HOLD.RELEASED_AT, at(now)).set(LEGAL_HOLD.RELEASED_BY_REQUEST, requestId)
                .where(LEGAL_HOLD.HOLD_ID.eq(holdId).and(LEGAL_HOLD.RELEASED_AT.isNull())).execute() == 1;
    }

    // Deletion certificates

    public void insertCertificate(UUID id, UUID tenantId, String slug, Instant now, UUID requestId, String body, String sha256) {
        db.insertInto(DELETION_CERTIFICATE).set(DELETION_CERTIFICATE.CERTIFICATE_ID, id).set(DELETION_CERTIFICATE.TENANT_ID, tenantId)
                .set(DELETION_CERTIFICATE.SLUG, slug).set(DELETION_CERTIFICATE.ISSUED_AT, at(now))
                .set(DELETION_CERTIFICATE.APPROVAL_REQUEST_ID, requestId).set(DELETION_CERTIFICATE.BODY, body)
                .set(DELETION_CERTIFICATE.BODY_SHA256, sha256).execute();
    }

    public Optional<String> certificate(UUID tenantId) {
        return db.select(DELETION_CERTIFICATE.BODY).from(DELETION_CERTIFICATE).where(DELETION_CERTIFICATE.TENANT_ID.eq(tenantId))
                .fetchOptional(DELETION_CERTIFICATE.BODY);
    }

    // Tenant API tokens

    public void insertToken(UUID id, UUID tenantId, String name, String prefix, String sha256, String createdBy, Instant now) {
        db.insertInto(TENANT_API_TOKEN).set(TENANT_API_TOKEN.TOKEN_ID, id).set(TENANT_API_TOKEN.TENANT_ID, tenantId)
                .set(TENANT_API_TOKEN.NAME, name).set(TENANT_API_TOKEN.TOKEN_PREFIX, prefix).set(TENANT_API_TOKEN.TOKEN_SHA256, sha256)
                .set(TENANT_API_TOKEN.CREATED_BY, createdBy).set(TENANT_API_TOKEN.CREATED_AT, at(now)).execute();
    }

    public List<TenantToken> tokens(UUID tenantId) {
        return db.selectFrom(TENANT_API_TOKEN).where(TENANT_API_TOKEN.TENANT_ID.eq(tenantId)).orderBy(TENANT_API_TOKEN.CREATED_AT.desc())
                .fetch().map(t -> new TenantToken(t.getTokenId(), t.getName(), t.getTokenPrefix(), t.getCreatedBy(),
                        t.getCreatedAt().toInstant(), instant(t.getRevokedAt())));
    }

    /** The SHA-256 of each unrevoked token of a tenant (what every region's directory holds). */
    public List<String> activeTokenHashes(UUID tenantId) {
        return db.select(TENANT_API_TOKEN.TOKEN_SHA256).from(TENANT_API_TOKEN)
                .where(TENANT_API_TOKEN.TENANT_ID.eq(tenantId).and(TENANT_API_TOKEN.REVOKED_AT.isNull()))
                .orderBy(TENANT_API_TOKEN.TOKEN_SHA256).fetch(TENANT_API_TOKEN.TOKEN_SHA256);
    }

    /** The unrevoked tokens of a tenant: id and SHA-256 of each. */
    public java.util.Map<UUID, String> activeTokens(UUID tenantId) {
        return db.select(TENANT_API_TOKEN.TOKEN_ID, TENANT_API_TOKEN.TOKEN_SHA256).from(TENANT_API_TOKEN)
                .where(TENANT_API_TOKEN.TENANT_ID.eq(tenantId).and(TENANT_API_TOKEN.REVOKED_AT.isNull()))
                .fetchMap(TENANT_API_TOKEN.TOKEN_ID, TENANT_API_TOKEN.TOKEN_SHA256);
    }

    /** The tenant an unrevoked token (by its SHA-256) belongs to. */
    public Optional<UUID> tokenTenant(String sha256) {
        return db.select(TENANT_API_TOKEN.TENANT_ID).from(TENANT_API_TOKEN)
                .where(TENANT_API_TOKEN.TOKEN_SHA256.eq(sha256).and(TENANT_API_TOKEN.REVOKED_AT.isNull()))
                .fetchOptional(TENANT_API_TOKEN.TENANT_ID);
    }

    public boolean revokeToken(UUID tenantId, UUID tokenId, Instant now) {
        return db.update(TENANT_API_TOKEN).set(TENANT_API_TOKEN.REVOKED_AT, at(now))
                .where(TENANT_API_TOKEN.TOKEN_ID.eq(tokenId).and(TENANT_API_TOKEN.TENANT_ID.eq(tenantId))
                        .and(TENANT_API_TOKEN.REVOKED_AT.isNull())).execute() == 1;
    }

    /** Compare-and-set on the epoch: moves the serving region and raises the epoch by one. */
    public boolean activate(UUID tenantId, long fromEpoch, String toRegion, boolean failedOver) {
        return db.update(TENANT).set(TENANT.ACTIVE_REGION, toRegion).set(TENANT.EPOCH, fromEpoch + 1).set(TENANT.FAILED_OVER, failedOver)
                .set(TENANT.FAILOVER_WRITES_CONFIRMED, false)
                .where(TENANT.TENANT_ID.eq(tenantId).and(TENANT.EPOCH.eq(fromEpoch)).and(TENANT.STATUS.eq("ACTIVE"))).execute() == 1;
    }

    public void confirmFailoverWrites(UUID tenantId) {
        db.update(TENANT).set(TENANT.FAILOVER_WRITES_CONFIRMED, true).where(TENANT.TENANT_ID.eq(tenantId)).execute();
    }

    public void replicationMode(UUID tenantId, String mode) {
        db.update(TENANT).set(TENANT.REPLICATION_MODE, mode).where(TENANT.TENANT_ID.eq(tenantId)).execute();
    }

    private Tenant toTenant(TenantRecord r) {
        return toTenant(r, resources(db.selectFrom(TENANT_RESOURCE).where(TENANT_RESOURCE.TENANT_ID.eq(r.getTenantId())).fetch()));
    }

    /** Tenants with their resources read in one query (not one per tenant). */
    private List<Tenant> toTenants(List<TenantRecord> rows) {
        java.util.Map<java.util.UUID, List<TenantResourceRecord>> resources = db.selectFrom(TENANT_RESOURCE)
                .where(TENANT_RESOURCE.TENANT_ID.in(rows.stream().map(TenantRecord::getTenantId).toList())).fetch().stream()
                .collect(Collectors.groupingBy(TenantResourceRecord::getTenantId));
        return rows.stream().map(r -> toTenant(r, resources(resources.getOrDefault(r.getTenantId(), List.of())))).toList();
    }

    private static List<TenantResource> resources(List<TenantResourceRecord> rows) {
        return rows.stream().map(x -> new TenantResource(x.getStore(), x.getRegion(), x.getKind(), x.getResourceId(),
                x.getCreatedAt().toInstant(), instant(x.getRemovedAt()))).toList();
    }

    private Tenant toTenant(TenantRecord r, List<TenantResource> resources) {
        TenantSpec spec = new TenantSpec(r.getName(), r.getSlug(), contacts(r.getContacts()), Zone.valueOf(r.getResidencyZone()),
                r.getResidencyLocked(), RegionId.of(r.getPrimaryRegion()), RegionId.of(r.getFailoverRegion()),
                Arrays.stream(r.getFailoverAllowedOperations().split(",")).filter(s -> !s.isBlank()).map(FailoverOperation::valueOf)
                        .collect(Collectors.toSet()),
                Classification.of(r.getDefaultClassification()), RetentionPolicy.of(r.getRetentionPolicy()), r.getDcpRequested());
        return new Tenant(r.getTenantId(), spec, r.getActiveRegion(), r.getStatus(), r.getCreatedAt().toInstant(), r.getCreatedBy(),
                r.getApprovalRequestId(), r.getManifest(), r.getManifestSha256(), instant(r.getTornDownAt()), resources, r.getEpoch(),
                r.getReplicationMode(), r.getFailedOver(), r.getFailoverWritesConfirmed());
    }

    private static List<Contact> contacts(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<List<Contact>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable contacts", e);
        }
    }


    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime at(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
