package com.companyos.trustreports;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.ArtifactType;
import com.companyos.base.ConflictException;
import com.companyos.base.CurrentUser;
import com.companyos.base.Hashing;
import com.companyos.base.Ids;
import com.companyos.base.NotFoundException;
import com.companyos.base.SignedInUser;
import com.companyos.pki.CanonicalJson;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.companyos.trustreports.internal.TrustFactsCollector;
import com.companyos.trustreports.internal.TrustReportPdf;
import com.companyos.trustreports.internal.TrustReportRepository;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Trust Reports: a compliance officer (or platform admin) generates one for any tenant and period; the facts are
 * gathered once (each region sends only counts and Merkle roots) and kept. Every download renders a PAdES-signed
 * PDF/A-3b copy watermarked with the person and the time, and is audited. A customer user sees only their own
 * tenant's reports, downloads after accepting {@link TrustReportTerms} once, and asking for another tenant's report
 * is answered as if it did not exist (404) and audited.
 */
@Service
public class TrustReportService {

    static final String GENERATORS = "hasAnyRole('PLATFORM_ADMIN','COMPLIANCE_OFFICER')";
    static final String READERS = "hasAnyRole('PLATFORM_ADMIN','COMPLIANCE_OFFICER','EXECUTIVE','CUSTOMER')";
    /** The longest period one report covers. */
    public static final Duration MAX_PERIOD = Duration.ofDays(400);

    /** A copy handed to a person. */
    public record Download(String fileName, byte[] pdf, String sha256) {
    }

    private final TenantService tenants;
    private final TrustFactsCollector collector;
    private final TrustReportPdf pdf;
    private final TrustReportRepository reports;
    private final EvidenceRecorder evidence;
    private final TransactionTemplate tx;
    private final Clock clock;

    TrustReportService(TenantService tenants, TrustFactsCollector collector, TrustReportPdf pdf, TrustReportRepository reports,
                       EvidenceRecorder evidence, TransactionTemplate tx, Clock clock) {
        this.tenants = tenants;
        this.collector = collector;
        this.pdf = pdf;
        this.reports = reports;
        this.evidence = evidence;
        this.tx = tx;
        this.clock = clock;
    }

    /** Gathers the facts of [from, to) (whole UTC hours) for {@code slug} and keeps them as a new report. */
    @PreAuthorize(GENERATORS)
    public TrustReport generate(String slug, Instant from, Instant to) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("Choose a period whose start is before its end");
        }
        if (!from.equals(from.truncatedTo(ChronoUnit.HOURS)) || !to.equals(to.truncatedTo(ChronoUnit.HOURS))) {
            throw new IllegalArgumentException("A Trust Report period starts and ends on a whole hour (UTC)");
        }
        if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("One Trust Report covers at most " + MAX_PERIOD.toDays() + " days; choose a shorter period");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (from.isAfter(now)) {
            throw new IllegalArgumentException("The period starts in the future; nothing has happened in it yet");
        }
        Tenant tenant = tenants.visible(slug);
        if (!tenant.active()) {
            throw new NotFoundException("Tenant " + slug + " was torn down; no new Trust Report can be generated");
        }
        if (!to.isAfter(tenant.evidenceSince(true))) {
            throw new IllegalArgumentException("Tenant " + slug + " was created at " + tenant.createdAt()
                    + "; choose a period that ends after " + tenant.evidenceSince(true));
        }
        String me = CurrentUser.require().username();
        UUID id = Ids.timeOrdered(clock);
        Map<String, Object> facts = collector.collect(id, tenant, from, to, me, now, pdf.template());
        String json = CanonicalJson.write(facts);
        @SuppressWarnings("unchecked")
        Map<String, Object> residency = (Map<String, Object>) facts.get("residency");
        TrustReport report = new TrustReport(id, tenant.id(), slug, from, to, me, now, ((Number) residency.get("receipts")).longValue(),
                ((Number) residency.get("denied")).longValue(), Hashing.sha256Hex(json.getBytes(StandardCharsets.UTF_8)),
                ArtifactType.TRUST_REPORT.classification(), ArtifactType.TRUST_REPORT.retention());
        tx.executeWithoutResult(s -> {
            reports.insert(report, tenant.id(), json);
            evidence.record(AuditEvent.of("trust-report.generated", "tenant:" + slug).detail("reportId", id.toString())
                    .detail("from", from.toString()).detail("to", to.toString()).detail("factsSha256", report.factsSha256())
                    .detail("receipts", report.receipts()).detail("merkleRoot", residency.get("merkleRoot")));
        });
        return report;
    }

    /** A tenant's reports, newest first; a customer only their own tenant's (any other is refused as not found, and audited). */
    @PreAuthorize(READERS)
    public List<TrustReport> reports(String slug) {
        return reports.list(visible(slug, "tenant:" + slug).id(), 200);
    }

    /** The tenants whose reports the signed-in person may see: a customer their own, staff every active tenant. */
    @PreAuthorize(READERS)
    public List<String> tenantsInView() {
        SignedInUser user = CurrentUser.require();
        if (user.customer()) {
            return tenants.boundTenant().map(t -> List.of(t.slug())).orElse(List.of());
        }
        return tenants.list().stream().filter(Tenant::active).filter(t -> !t.synthetic()).map(Tenant::slug).sorted().toList();
    }

    /** A signed, watermarked copy of report {@code id} for the signed-in person (a customer after accepting the terms). */
    @PreAuthorize(READERS)
    public Download download(UUID id) {
        SignedInUser user = CurrentUser.require();
        TrustReport report = reports.find(id).orElse(null);
        if (report == null) {
            throw refused("trust-report:" + id, "No Trust Report " + id);
        }
        Tenant current = visible(report.tenant(), "trust-report:" + id);
        if (user.customer() && !current.id().equals(report.tenantId())) {
            // The slug's current tenant is not the report's (an earlier tenant with the same slug): not this person's.
            throw refused("trust-report:" + id, "No Trust Report " + id);
        }
        if (user.customer() && !reports.termsAccepted(user.username(), TrustReportTerms.VERSION)) {
            throw new ConflictException("Accept the Trust Report terms before downloading a report");
        }
        String who = user.displayName().equals(user.username()) ? user.username() : user.displayName() + " (" + user.username() + ")";
        TrustReportPdf.Rendered copy = pdf.render(reports.facts(id).orElseThrow(), who);
        evidence.record(AuditEvent.of("trust-report.downloaded", "tenant:" + report.tenant()).detail("reportId", id.toString())
                .detail("sha256", copy.sha256()).detail("factsSha256", report.factsSha256()).detail("bytes", copy.pdf().length)
                .detail("watermark", who));
        return new Download(copy.fileName(), copy.pdf(), copy.sha256());
    }

    /** Whether the signed-in person may download without (further) accepting terms: staff always, customers once accepted. */
    @PreAuthorize(READERS)
    public boolean termsAccepted() {
        SignedInUser user = CurrentUser.require();
        return !user.customer() || reports.termsAccepted(user.username(), TrustReportTerms.VERSION);
    }

    /** Records (and audits) that the signed-in customer accepted the current terms; accepting again changes nothing. */
    @PreAuthorize("hasRole('CUSTOMER')")
    public void acceptTerms() {
        SignedInUser user = CurrentUser.require();
        String tenant = user.tenantSlug().orElseThrow(() -> new IllegalStateException("A customer user is bound to a tenant"));
        tx.executeWithoutResult(s -> {
            if (reports.acceptTerms(user.username(), tenant, TrustReportTerms.VERSION, clock.instant())) {
                evidence.record(AuditEvent.of("trust-report.terms-accepted", "tenant:" + tenant).detail("termsVersion", TrustReportTerms.VERSION));
            }
        });
    }

    /** The tenant as this person may see it; otherwise "not found" (so slugs cannot be probed), recorded as a refusal. */
    private Tenant visible(String slug, String target) {
        try {
            return tenants.visible(slug);
        } catch (NotFoundException e) {
            throw refused(target, e.getMessage());
        }
    }

    private NotFoundException refused(String target, String message) {
        evidence.recordRefusal(AuditEvent.of("trust-report.access-refused", target).reason(message));
        return new NotFoundException(message);
    }

}
