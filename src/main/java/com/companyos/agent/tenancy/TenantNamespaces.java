package com.companyos.agent.tenancy;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.db.tables.records.TenantNamespaceRecord;
import com.companyos.agent.replication.ReplicationRoles;
import com.companyos.agent.store.ObjectStore;
import com.companyos.agentapi.control.NamespaceInfo;
import com.companyos.agentapi.control.NamespaceRemoval;
import com.companyos.agentapi.control.NamespaceRequest;
import com.companyos.agentapi.data.ResourceRef;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.agent.db.Tables.TENANT_NAMESPACE;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * Tenants' namespaces in this region: a schema in the regional database for records, a search index in it, and an
 * object-store prefix. Creation and removal are idempotent, because the control plane retries them. Two guards hold
 * here whatever the control plane says: a residency-locked tenant of another zone gets no namespace, and a namespace
 * with records under retention is not removed.
 */
@Service
public class TenantNamespaces {

    private final DSLContext db;
    private final AgentSettings settings;
    private final ObjectStore objects;
    private final Clock clock;
    private final TenantLookup lookup;
    private final TenantTokens tokens;

    private final ReplicationRoles roles;

    TenantNamespaces(DSLContext db, AgentSettings settings, ObjectStore objects, Clock clock, TenantLookup lookup, TenantTokens tokens,
                     ReplicationRoles roles) {
        this.roles = roles;
        this.lookup = lookup;
        this.tokens = tokens;
        this.db = db;
        this.settings = settings;
        this.objects = objects;
        this.clock = clock;
    }

    static String schemaName(UUID tenantId) {
        return "t_" + tenantId.toString().replace("-", "");
    }

    @Transactional
    public NamespaceInfo create(UUID tenantId, NamespaceRequest asked) {
        if (!settings.serves(asked.slug())) {
            throw new PartitionRefusedException("Refused: this agent is the Dedicated Compliance Partition of tenant "
                    + settings.partition() + " and holds no other tenant's data (asked for " + asked.slug() + ").");
        }
        // The enterprise profile of a DCP, whatever the request says: residency lock on, the dcp policy channel.
        NamespaceRequest request = settings.dedicated()
                ? new NamespaceRequest(asked.slug(), asked.zone(), true, "dcp", asked.role(), asked.epoch()) : asked;
        if (request.residencyLocked() && !settings.zone().name().equals(request.zone())) {
            throw new ResidencyRefusedException("Refused: tenant " + request.slug() + " is residency-locked to "
                    + request.zone() + "; this agent serves " + settings.region() + " in " + settings.zone() + ".");
        }
        Optional<TenantNamespaceRecord> existing = find(tenantId);
        if (existing.isEmpty()) {
            db.selectFrom(TENANT_NAMESPACE).where(TENANT_NAMESPACE.SLUG.eq(request.slug())).fetchOptional().ifPresent(other -> {
                throw new IllegalStateException("Another tenant (" + other.getTenantId() + ") already uses slug " + request.slug() + " here");
            });
            String schema = schemaName(tenantId);
            db.execute("create schema if not exists " + name(schema));
            db.execute("create table if not exists " + name(schema, "record") + " ("
                    + "record_key text primary key, "
                    + "classification text not null check (classification in ('public','internal','restricted','pii')), "
                    + "retention_until date not null, "
                    + "retention_policy text, "
                    + "payload bytea not null, "
                    + "payload_sha256 char(64) not null, "
                    + "created_at timestamptz not null, "
                    + "updated_at timestamptz not null)");
            db.execute("create table if not exists " + name(schema, "search_index") + " ("
                    + "record_key text primary key references " + name(schema, "record") + " on delete cascade, "
                    + "document tsvector not null)");
            // fastupdate off: every write updates the index itself. With PostgreSQL's default, entries pile up in a
            // pending list that one unlucky write then merges (4 MB of them, a stall of a few hundred milliseconds in
            // the middle of a governed write's group commit); agent migration V7 switched existing namespaces over.
            db.execute("create index if not exists search_index_document on " + name(schema, "search_index")
                    + " using gin (document) with (fastupdate = off)");
            // Smaller planner statistics, so autovacuum's ANALYZE of a busy tenant's tables stays cheap (agent V8).
            db.execute("select tenant_namespace_statistics(?)", schema);
            lookup.invalidate();
            tokens.invalidate();
            db.insertInto(TENANT_NAMESPACE)
                    .set(TENANT_NAMESPACE.TENANT_ID, tenantId)
                    .set(TENANT_NAMESPACE.SLUG, request.slug())
                    .set(TENANT_NAMESPACE.ZONE, request.zone())
                    .set(TENANT_NAMESPACE.SCHEMA_NAME, schema)
                    .set(TENANT_NAMESPACE.OBJECT_PREFIX, objects.prefix(tenantId))
                    .set(TENANT_NAMESPACE.RESIDENCY_LOCKED, request.residencyLocked())
                    .set(TENANT_NAMESPACE.CHANNEL, request.channel() == null ? "standard" : request.channel())
                    .set(TENANT_NAMESPACE.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .execute();
        }
        roles.create(tenantId, request.role(), request.epoch());
        objects.createPrefix(tenantId);
        return describe(tenantId).orElseThrow();
    }

    @Transactional(readOnly = true)
    public Optional<NamespaceInfo> describe(UUID tenantId) {
        return find(tenantId).map(ns -> {
            String schema = ns.getSchemaName();
            LocalDate today = LocalDate.now(clock);
            Record2<Integer, LocalDate> all = db.select(count(), max(field("retention_until", LocalDate.class)))
                    .from(table(name(schema, "record"))).fetchOne();
            // Retention runs until its end date: a record is still under retention while that date is after today.
            int underRetention = db.fetchCount(table(name(schema, "record")), field("retention_until", LocalDate.class).gt(today));
            LocalDate latest = underRetention == 0 ? null : all.value2();
            long[] usage = objects.usage(tenantId);
            return new NamespaceInfo(tenantId.toString(), settings.region().value(), true, resources(ns), all.value1(),
                    underRetention, latest, usage[0], usage[1]);
        });
    }

    @Transactional
    public NamespaceRemoval remove(UUID tenantId) {
        Optional<TenantNamespaceRecord> ns = find(tenantId);
        if (ns.isEmpty()) {
            objects.removePrefix(tenantId);
            return new NamespaceRemoval(tenantId.toString(), settings.region().value(), List.of(), 0, 0, true);
        }
        NamespaceInfo info = describe(tenantId).orElseThrow();
        if (info.recordsUnderRetention() > 0) {
            throw new RetentionRunningException(info.recordsUnderRetention() + " record(s) of tenant " + ns.get().getSlug()
                    + " are under retention until " + info.retentionRunsUntil() + "; the namespace is not removed.");
        }
        db.execute("drop schema " + name(ns.get().getSchemaName()) + " cascade");
        lookup.invalidate();
        tokens.invalidate();
        db.execute("delete from replication_outbox where tenant_id = ?", tenantId);
        db.execute("delete from replication_diverged where tenant_id = ?", tenantId);
        db.deleteFrom(TENANT_NAMESPACE).where(TENANT_NAMESPACE.TENANT_ID.eq(tenantId)).execute();
        objects.removePrefix(tenantId);
        return new NamespaceRemoval(tenantId.toString(), settings.region().value(), info.resources(), info.records(),
                info.objects(), false);
    }

    Optional<TenantNamespaceRecord> find(UUID tenantId) {
        return db.selectFrom(TENANT_NAMESPACE).where(TENANT_NAMESPACE.TENANT_ID.eq(tenantId)).fetchOptional();
    }

    private List<ResourceRef> resources(TenantNamespaceRecord ns) {
        String region = settings.region().value();
        String database = db.fetchValue("select current_database()").toString();
        List<ResourceRef> list = new ArrayList<>();
        list.add(new ResourceRef("REGIONAL_DB", "schema", region + "/" + database + "/" + ns.getSchemaName()));
        list.add(new ResourceRef("SEARCH_INDEX", "gin-index", region + "/" + database + "/" + ns.getSchemaName() + ".search_index"));
        list.add(new ResourceRef("OBJECT_STORE", "prefix", region + "/objects/" + ns.getObjectPrefix()));
        return list;
    }

    /** The namespace is refused for residency reasons. */
    public static class ResidencyRefusedException extends RuntimeException {
        ResidencyRefusedException(String message) {
            super(message);
        }
    }

    /** A DCP agent is asked to hold another tenant. */
    public static class PartitionRefusedException extends RuntimeException {
        PartitionRefusedException(String message) {
            super(message);
        }
    }

    /** Removal refused: records are under retention. */
    public static class RetentionRunningException extends RuntimeException {
        public RetentionRunningException(String message) {
            super(message);
        }
    }
}
