package com.companyos.trustreports.internal;

import com.companyos.db.tables.records.TrustReportRecord;
import com.companyos.trustreports.TrustReport;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.db.Tables.TRUST_REPORT;
import static com.companyos.db.Tables.TRUST_REPORT_TERMS;

/** Trust Reports' facts (append-only) and customers' acceptances of the terms. */
@Repository
public class TrustReportRepository {

    private final DSLContext db;

    TrustReportRepository(DSLContext db) {
        this.db = db;
    }

    public void insert(TrustReport r, UUID tenantId, String facts) {
        db.insertInto(TRUST_REPORT)
                .set(TRUST_REPORT.REPORT_ID, r.id())
                .set(TRUST_REPORT.TENANT_ID, tenantId)
                .set(TRUST_REPORT.TENANT_SLUG, r.tenant())
                .set(TRUST_REPORT.PERIOD_FROM, r.from().atOffset(ZoneOffset.UTC))
                .set(TRUST_REPORT.PERIOD_TO, r.to().atOffset(ZoneOffset.UTC))
                .set(TRUST_REPORT.FACTS, facts)
                .set(TRUST_REPORT.FACTS_SHA256, r.factsSha256())
                .set(TRUST_REPORT.RECEIPTS, r.receipts())
                .set(TRUST_REPORT.DENIED, r.denied())
                .set(TRUST_REPORT.GENERATED_BY, r.generatedBy())
                .set(TRUST_REPORT.GENERATED_AT, r.generatedAt().atOffset(ZoneOffset.UTC))
                .set(TRUST_REPORT.CLASSIFICATION, r.classification())
                .set(TRUST_REPORT.RETENTION, r.retention())
                .execute();
    }

    /** A tenant's reports, newest first (without their facts). */
    public List<TrustReport> list(UUID tenantId, int limit) {
        return db.select(TRUST_REPORT.fields()).from(TRUST_REPORT).where(TRUST_REPORT.TENANT_ID.eq(tenantId))
                .orderBy(TRUST_REPORT.GENERATED_AT.desc()).limit(limit).fetch(r -> report(r.into(TRUST_REPORT)));
    }

    public Optional<TrustReport> find(UUID id) {
        return db.selectFrom(TRUST_REPORT).where(TRUST_REPORT.REPORT_ID.eq(id)).fetchOptional(TrustReportRepository::report);
    }

    public Optional<String> facts(UUID id) {
        return db.select(TRUST_REPORT.FACTS).from(TRUST_REPORT).where(TRUST_REPORT.REPORT_ID.eq(id)).fetchOptional(TRUST_REPORT.FACTS);
    }

    public boolean termsAccepted(String username, String version) {
        return db.fetchExists(TRUST_REPORT_TERMS, TRUST_REPORT_TERMS.USERNAME.eq(username).and(TRUST_REPORT_TERMS.TERMS_VERSION.eq(version)));
    }

    /** Records an acceptance; false if this person had accepted this version already. */
    public boolean acceptTerms(String username, String tenant, String version, Instant at) {
        return db.insertInto(TRUST_REPORT_TERMS).set(TRUST_REPORT_TERMS.USERNAME, username).set(TRUST_REPORT_TERMS.TENANT_SLUG, tenant)
                .set(TRUST_REPORT_TERMS.TERMS_VERSION, version).set(TRUST_REPORT_TERMS.ACCEPTED_AT, at.atOffset(ZoneOffset.UTC))
                .onConflictDoNothing().execute() == 1;
    }

    private static TrustReport report(TrustReportRecord r) {
        return new TrustReport(r.getReportId(), r.getTenantId(), r.getTenantSlug(), r.getPeriodFrom().toInstant(), r.getPeriodTo().toInstant(), r.getGeneratedBy(),
                r.getGeneratedAt().toInstant(), r.getReceipts(), r.getDenied(), r.getFactsSha256(), r.getClassification(), r.getRetention());
    }
}
