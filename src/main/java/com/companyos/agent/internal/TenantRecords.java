package com.companyos.agent.internal;

import com.companyos.agent.AgentSettings;
import com.companyos.agentapi.RecordWrite;
import com.companyos.agentapi.StoredRecord;
import com.companyos.base.Classification;
import com.companyos.base.Hashing;
import com.companyos.base.RetentionPolicy;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

/**
 * A resident tenant's records. Every record carries a classification and a retention; retention only ever grows
 * (a later write cannot shorten what an earlier one promised), and a record under retention cannot be deleted.
 */
@Service
public class TenantRecords {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

    private final DSLContext db;
    private final AgentSettings settings;
    private final Clock clock;

    TenantRecords(DSLContext db, AgentSettings settings, Clock clock) {
        this.db = db;
        this.settings = settings;
        this.clock = clock;
    }

    /** Validated write: returns the stored record (without its data). */
    @Transactional
    public StoredRecord put(TenantTokens.TenantPrincipal tenant, String key, RecordWrite write) {
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
        Table<?> records = table(name(tenant.schema(), "record"));
        Field<LocalDate> retention = field(name("retention_until"), LocalDate.class);
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        db.insertInto(records)
                .set(field(name("record_key")), key)
                .set(field(name("classification")), classification.label())
                .set(retention, until)
                .set(field(name("retention_policy")), write.retentionPolicy())
                .set(field(name("payload")), payload)
                .set(field(name("payload_sha256")), sha)
                .set(field(name("created_at")), at)
                .set(field(name("updated_at")), at)
                .onConflict(field(name("record_key")))
                .doUpdate()
                .set(field(name("classification")), classification.label())
                .set(retention, greatest(field(name(tenant.schema(), "record", "retention_until"), LocalDate.class), val(until)))
                .set(field(name("retention_policy")), write.retentionPolicy())
                .set(field(name("payload")), payload)
                .set(field(name("payload_sha256")), sha)
                .set(field(name("updated_at")), at)
                .execute();
        db.execute("insert into " + name(tenant.schema(), "search_index") + " (record_key, document) values (?, to_tsvector('simple', ?)) "
                + "on conflict (record_key) do update set document = excluded.document", key, write.data());
        LocalDate stored = db.select(retention).from(records).where(field(name("record_key")).eq(key)).fetchSingle().value1();
        return new StoredRecord(key, tenant.tenantId().toString(), settings.region().value(), classification.label(),
                stored, sha, now, null);
    }

    @Transactional(readOnly = true)
    public Optional<StoredRecord> get(TenantTokens.TenantPrincipal tenant, String key) {
        validateKey(key);
        return db.select(field(name("classification"), String.class), field(name("retention_until"), LocalDate.class),
                        field(name("payload_sha256"), String.class), field(name("updated_at"), OffsetDateTime.class),
                        field(name("payload"), byte[].class))
                .from(table(name(tenant.schema(), "record"))).where(field(name("record_key")).eq(key))
                .fetchOptional(r -> new StoredRecord(key, tenant.tenantId().toString(), settings.region().value(),
                        r.value1(), r.value2(), r.value3(), r.value4().toInstant(), new String(r.value5(), StandardCharsets.UTF_8)));
    }

    /** Deletes a record whose retention has ended; refuses one still under retention. */
    @Transactional
    public boolean delete(TenantTokens.TenantPrincipal tenant, String key) {
        Optional<StoredRecord> record = get(tenant, key);
        if (record.isEmpty()) {
            return false;
        }
        if (record.get().retentionUntil().isAfter(LocalDate.now(clock))) {
            throw new TenantNamespaces.RetentionRunningException("Record " + key + " is under retention until "
                    + record.get().retentionUntil() + " and cannot be deleted before then.");
        }
        db.deleteFrom(table(name(tenant.schema(), "record"))).where(field(name("record_key")).eq(key)).execute();
        return true;
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

    private static void validateKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("A record key is 1–200 characters of letters, digits and . _ : -");
        }
    }

}
