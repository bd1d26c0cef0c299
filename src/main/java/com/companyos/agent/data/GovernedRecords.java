package com.companyos.agent.data;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.decisions.ResidencyDeniedException;
import com.companyos.agent.decisions.ResidencyGuard;
import com.companyos.agent.replication.ReplicationLog;
import com.companyos.agent.replication.ReplicationShipper;
import com.companyos.agent.store.RecordStore;
import com.companyos.agent.tenancy.TenantNamespaces;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agentapi.data.RecordWrite;
import com.companyos.agentapi.data.Seam;
import com.companyos.agentapi.data.StoredRecord;
import com.companyos.agentapi.peer.ReplicationChange;
import com.companyos.base.Classification;
import com.companyos.base.Hashing;
import com.companyos.base.RetentionPolicy;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * A resident tenant's records, every operation governed: the write (or read) seam decides first; the record, the
 * decision and its signed receipt commit in one transaction. Every record carries a classification and a retention;
 * retention only ever grows, and a record under retention cannot be deleted.
 */
@Service
public class GovernedRecords {

    /** The longest search text a query accepts. */
    static final int MAX_SEARCH_TEXT = 1000;

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

    /** A record as listed (no payload). */
    public record Listed(String key, String classification, LocalDate retentionUntil, String payloadSha256, Instant updatedAt) {
    }

    private final DSLContext db;
    private final ResidencyGuard guard;
    private final AgentSettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ReplicationLog replication;
    private final ReplicationShipper shipper;
    private final GovernedWriter writer;

    GovernedRecords(DSLContext db, ResidencyGuard guard, AgentSettings settings, TransactionTemplate tx, Clock clock,
                    ReplicationLog replication, ReplicationShipper shipper, GovernedWriter writer) {
        this.db = db;
        this.writer = writer;
        this.replication = replication;
        this.shipper = shipper;
        this.guard = guard;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
    }

    /** Stores a record (allowed write), or records the denial and throws {@link ResidencyDeniedException}. */
    public StoredRecord put(TenantRef tenant, String key, RecordWrite write) {
        long arrived = System.nanoTime();
        validateKey(key);
        if (write == null) {
            throw new IllegalArgumentException("A record needs a JSON body with classification, retention and data");
        }
        Classification classification = Classification.of(write.classification());
        Instant now = clock.instant();
        LocalDate until = retentionUntil(write, now);
        if (write.data() == null) {
            throw new IllegalArgumentException("data is required (use \"\" for an empty record)");
        }
        byte[] payload = write.data().getBytes(StandardCharsets.UTF_8);
        String sha = Hashing.sha256Hex(payload);
        // Decided and signed here; stored by the governed writer with the record, in one transaction (group commit).
        ResidencyGuard.Verdict verdict = guard.evaluate(Seam.WRITE, tenant, "PUT record " + key, context(tenant, classification.label()),
                sha, List.of(settings.region().value()));
        if (!verdict.allowed()) {
            tx.executeWithoutResult(status -> db.connection(c -> ResidencyGuard.record(c, List.of(verdict))));
            throw new ResidencyDeniedException(verdict);
        }
        GovernedWriter.Written stored = writer.write(tenant, new RecordStore.Put(key, classification.label(), until,
                write.retentionPolicy(), payload, sha, now.atOffset(ZoneOffset.UTC)), verdict, arrived);
        String replicated = shipper.afterCommit(tenant.id(), stored.appended());
        return new StoredRecord(key, tenant.id().toString(), settings.region().value(), classification.label(), stored.retention(),
                sha, now, null, verdict.decisionId().toString(), verdict.receipt().receiptId(),
                stored.appended().seq(), stored.appended().epoch(), replicated);
    }

    public Optional<StoredRecord> get(TenantRef tenant, String key) {
        validateKey(key);
        Outcome<Optional<StoredRecord>> outcome = tx.execute(status -> {
            Optional<Row> row = row(tenant, key);
            ResidencyGuard.Verdict verdict = guard.decide(Seam.READ, tenant, "GET record " + key,
                    context(tenant, row.map(Row::classification).orElse("internal")), row.map(Row::sha).orElse(null),
                    List.of(settings.region().value()));
            if (!verdict.allowed()) {
                return new Outcome<Optional<StoredRecord>>(verdict, null);
            }
            return new Outcome<>(verdict, row.map(r -> new StoredRecord(key, tenant.id().toString(), settings.region().value(),
                    r.classification(), r.retentionUntil(), r.sha(), r.updatedAt(), new String(r.payload(), StandardCharsets.UTF_8),
                    verdict.decisionId().toString(), verdict.receipt().receiptId(), null, null, null)));
        });
        return outcome.orThrow();
    }

    /** Deletes a record whose retention has ended; refuses one still under retention. */
    public boolean delete(TenantRef tenant, String key) {
        validateKey(key);
        Outcome<ReplicationLog.Appended> outcome = tx.execute(status -> {
            Optional<Row> row = row(tenant, key);
            if (row.isEmpty()) {
                return new Outcome<ReplicationLog.Appended>(null, null);
            }
            if (row.get().retentionUntil().isAfter(LocalDate.now(clock))) {
                throw new TenantNamespaces.RetentionRunningException("Record " + key + " is under retention until "
                        + row.get().retentionUntil() + " and cannot be deleted before then.");
            }
            ResidencyGuard.Verdict verdict = guard.decide(Seam.WRITE, tenant, "DELETE record " + key,
                    context(tenant, row.get().classification()), row.get().sha(), List.of(settings.region().value()));
            if (!verdict.allowed()) {
                return new Outcome<ReplicationLog.Appended>(verdict, null);
            }
            OffsetDateTime at = clock.instant().atOffset(ZoneOffset.UTC);
            ReplicationLog.Appended appended = db.connectionResult(c -> {
                RecordStore.delete(c, tenant.schema(), key);
                return replication.append(c, tenant.id(), "WRITE", ReplicationLog.Change.record(ReplicationChange.DELETE, key,
                        row.get().classification(), null, null, null, row.get().sha(), at));
            });
            return new Outcome<>(verdict, appended);
        });
        ReplicationLog.Appended appended = outcome.orThrow();
        if (appended == null) {
            return false;
        }
        shipper.afterCommit(tenant.id(), appended);
        return true;
    }

    /** Full-text search over the tenant's records (keys and tags, not payloads), a read decided like any other. */
    public List<Listed> query(TenantRef tenant, String text, String classification, int limit) {
        if (text != null && (text.length() > MAX_SEARCH_TEXT || text.chars().anyMatch(c -> c < 0x20 && c != '\t'))) {
            throw new IllegalArgumentException("Search text (q) is at most " + MAX_SEARCH_TEXT + " characters, without control characters");
        }
        Outcome<List<Listed>> outcome = tx.execute(status -> {
            ResidencyGuard.Verdict verdict = guard.decide(Seam.READ, tenant, "QUERY records",
                    context(tenant, classification == null ? "internal" : Classification.of(classification).label()), null,
                    List.of(settings.region().value()));
            if (!verdict.allowed()) {
                return new Outcome<List<Listed>>(verdict, null);
            }
            String schema = tenant.schema();
            StringBuilder sql = new StringBuilder("select r.record_key, r.classification, r.retention_until, r.payload_sha256, r.updated_at from "
                    + name(schema, "record") + " r");
            List<Object> binds = new ArrayList<>();
            if (text != null && !text.isBlank()) {
                sql.append(" join ").append(name(schema, "search_index")).append(" s on s.record_key = r.record_key where s.document @@ plainto_tsquery('simple', ?)");
                binds.add(text);
            } else {
                sql.append(" where true");
            }
            if (classification != null && !classification.isBlank()) {
                sql.append(" and r.classification = ?");
                binds.add(Classification.of(classification).label());
            }
            sql.append(" order by r.updated_at desc limit ").append(Math.max(1, Math.min(limit, 500)));
            List<Listed> rows = db.fetch(sql.toString(), binds.toArray()).map(r -> new Listed(r.get(0, String.class), r.get(1, String.class),
                    r.get(2, LocalDate.class), r.get(3, String.class), r.get(4, OffsetDateTime.class).toInstant()));
            return new Outcome<>(verdict, rows);
        });
        return outcome.orThrow();
    }

    Map<String, Object> context(TenantRef tenant, String classification) {
        String region = settings.region().value();
        // The tenant's regions are its primary and its failover region, as the control plane's directory says.
        boolean allowed = region.equals(tenant.primaryRegion()) || region.equals(tenant.failoverRegion());
        return Map.of("classification", classification, "storageRegionAllowed", allowed, "processingZone", settings.zone().name());
    }

    /** The tenant's record as stored (for the seams that move records: export, egress). */
    Optional<Row> row(TenantRef tenant, String key) {
        return db.select(field(name("classification"), String.class), field(name("retention_until"), LocalDate.class),
                        field(name("payload_sha256"), String.class), field(name("updated_at"), OffsetDateTime.class),
                        field(name("payload"), byte[].class))
                .from(table(name(tenant.schema(), "record"))).where(field(name("record_key")).eq(key))
                .fetchOptional(r -> new Row(key, r.value1(), r.value2(), r.value3(), r.value4().toInstant(), r.value5()));
    }

    record Row(String key, String classification, LocalDate retentionUntil, String sha, Instant updatedAt, byte[] payload) {
    }

    /** What a governed operation's transaction produced: its verdict (evidence committed) and, if allowed, its value. */
    record Outcome<T>(ResidencyGuard.Verdict verdict, T value) {
        T orThrow() {
            if (verdict != null && !verdict.allowed()) {
                throw new ResidencyDeniedException(verdict);
            }
            return value;
        }
    }

    private LocalDate retentionUntil(RecordWrite write, Instant now) {
        boolean hasUntil = write.retentionUntil() != null;
        boolean hasPolicy = write.retentionPolicy() != null && !write.retentionPolicy().isBlank();
        if (hasUntil == hasPolicy) {
            throw new IllegalArgumentException("retention is required: give either retentionUntil (a date) or retentionPolicy ("
                    + RetentionPolicy.allowed() + "), not both");
        }
        if (hasPolicy) {
            return RetentionPolicy.of(write.retentionPolicy()).until(now);
        }
        if (write.retentionUntil().isBefore(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
            throw new IllegalArgumentException("retentionUntil " + write.retentionUntil() + " is in the past");
        }
        return write.retentionUntil();
    }

    static void validateKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("A record key is 1–200 characters of letters, digits and . _ : -");
        }
    }
}
