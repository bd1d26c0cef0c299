package com.companyos.residency.internal;

import com.companyos.agentapi.data.Receipt;
import com.companyos.agentapi.data.SignedReceipt;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.SigningKey;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.db.Tables.RECEIPT;

/** Signs (with the control plane's receipt key) and keeps the receipts of the console's own decisions. */
@Component
public class ConsoleReceipts {

    /** Counts of the console's receipts per hour and outcome, for one seam. */
    public record HourCount(Instant hour, String seam, boolean allowed, long count) {
    }

    private final DSLContext db;
    private final ControlPlaneKeys keys;
    private final DecisionRollups rollups;

    ConsoleReceipts(DSLContext db, ControlPlaneKeys keys, DecisionRollups rollups) {
        this.db = db;
        this.keys = keys;
        this.rollups = rollups;
    }

    /** Signs and stores a receipt and counts its decision in the rollups, in the caller's transaction if there is one. */
    public SignedReceipt issue(Receipt receipt) {
        SigningKey.SignedJson signed = keys.receiptSigningKey().signJson(receipt.fields());
        db.insertInto(RECEIPT)
                .set(RECEIPT.RECEIPT_ID, UUID.fromString(receipt.receiptId()))
                .set(RECEIPT.ISSUED_AT, receipt.issuedAt().atOffset(ZoneOffset.UTC))
                .set(RECEIPT.TENANT_SLUG, receipt.tenant())
                .set(RECEIPT.SEAM, receipt.seam().name())
                .set(RECEIPT.OPERATION, receipt.operation())
                .set(RECEIPT.ALLOWED, receipt.allowed())
                .set(RECEIPT.DECISION_ID, UUID.fromString(receipt.decisionId()))
                .set(RECEIPT.BODY, signed.body())
                .set(RECEIPT.SIGNATURE, signed.signature())
                .set(RECEIPT.KEY_ID, signed.keyId())
                .execute();
        rollups.countOne(receipt.issuedAt(), ReceiptVerifier.CONTROL_PLANE, receipt.tenant(), receipt.seam().name(), receipt.allowed());
        return new SignedReceipt(receipt.receiptId(), signed.body(), signed.signature(), signed.keyId());
    }

    public Optional<SignedReceipt> find(UUID receiptId) {
        return db.selectFrom(RECEIPT).where(RECEIPT.RECEIPT_ID.eq(receiptId)).fetchOptional()
                .map(r -> new SignedReceipt(r.getReceiptId().toString(), r.getBody(), r.getSignature(), r.getKeyId()));
    }

    public Optional<SignedReceipt> forDecision(UUID decisionId) {
        return db.selectFrom(RECEIPT).where(RECEIPT.DECISION_ID.eq(decisionId)).fetchOptional()
                .map(r -> new SignedReceipt(r.getReceiptId().toString(), r.getBody(), r.getSignature(), r.getKeyId()));
    }

    /** A stored receipt's index fields. */
    public record Listed(String receiptId, UUID decisionId, String tenant, boolean allowed, Instant issuedAt) {
    }

    /** Receipts in [from, to), newest first. */
    public List<Listed> list(Instant from, Instant to, Boolean allowed, String tenant, int limit) {
        var where = RECEIPT.ISSUED_AT.ge(from.atOffset(ZoneOffset.UTC)).and(RECEIPT.ISSUED_AT.lt(to.atOffset(ZoneOffset.UTC)));
        if (allowed != null) {
            where = where.and(RECEIPT.ALLOWED.eq(allowed));
        }
        if (tenant != null) {
            where = where.and(RECEIPT.TENANT_SLUG.eq(tenant));
        }
        return db.selectFrom(RECEIPT).where(where).orderBy(RECEIPT.ISSUED_AT.desc()).limit(limit).fetch()
                .map(r -> new Listed(r.getReceiptId().toString(), r.getDecisionId(), r.getTenantSlug(), r.getAllowed(),
                        r.getIssuedAt().toInstant()));
    }

    /** Hourly counts of the console's receipts in [from, to), optionally for one tenant. */
    public List<HourCount> hourly(Instant from, Instant to, String tenant) {
        var hour = org.jooq.impl.DSL.field("date_trunc('hour', {0})", java.time.OffsetDateTime.class, RECEIPT.ISSUED_AT);
        var where = RECEIPT.ISSUED_AT.ge(from.atOffset(ZoneOffset.UTC)).and(RECEIPT.ISSUED_AT.lt(to.atOffset(ZoneOffset.UTC)));
        if (tenant != null) {
            where = where.and(RECEIPT.TENANT_SLUG.eq(tenant));
        }
        return db.select(hour, RECEIPT.SEAM, RECEIPT.ALLOWED, org.jooq.impl.DSL.count()).from(RECEIPT).where(where)
                .groupBy(hour, RECEIPT.SEAM, RECEIPT.ALLOWED).orderBy(hour).fetch()
                .map(r -> new HourCount(r.value1().toInstant(), r.value2(), r.value3(), r.value4()));
    }
}
