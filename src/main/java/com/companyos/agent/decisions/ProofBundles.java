package com.companyos.agent.decisions;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agentapi.control.ProofBundleJob;
import com.companyos.agentapi.control.ProofBundleRequest;
import com.companyos.agentapi.data.Seam;
import com.companyos.base.Ids;
import jakarta.annotation.PreDestroy;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static com.companyos.agent.db.Tables.EVIDENCE_JOB;

/**
 * A tenant's residency proof bundle, built in the tenant's own region (evidence is staged only where policy allows:
 * seam 7) while it is downloaded: {@link #start} decides and records the job, {@link #claim} takes it for building
 * (a limited number per tenant), and {@link #write} streams the zip into the response as the receipts come from a
 * database cursor — no copy in memory or on disk, however many receipts. A build ends DELIVERED or FAILED, never
 * stuck: a heartbeat shows the building process is alive, and a build whose heartbeat stopped is ended as failed.
 * The bundle verifies offline with {@code sha256sum}, {@code openssl} and {@code python3} (see the VERIFY.md it carries).
 */
@Service
public class ProofBundles {

    private static final Logger log = LoggerFactory.getLogger(ProofBundles.class);
    /** A build whose process stopped beating this long ago is over: it ends as failed, never stuck building. */
    static final Duration STALE = Duration.ofSeconds(60);
    /** A bundle started but never downloaded stays downloadable this long. */
    static final Duration EXPIRY = Duration.ofHours(24);
    private static final Duration BEAT = Duration.ofSeconds(10);
    private static final int LOCK_SPACE = 0x70726f6f; // "proo(f)": keeps these advisory locks apart from others

    private final DSLContext db;
    private final ResidencyGuard guard;
    private final EvidenceQueries evidence;
    private final ProofBundleContent content;
    private final AgentSettings settings;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int buildsPerTenant;
    private final Map<UUID, AtomicLong> building = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "proof-bundle-heartbeat");
        t.setDaemon(true);
        return t;
    });

    ProofBundles(DSLContext db, ResidencyGuard guard, EvidenceQueries evidence, ProofBundleContent content, AgentSettings settings,
                 TransactionTemplate tx, Clock clock, @Value("${companyos.agent.proof-bundles.builds-per-tenant:1}") int buildsPerTenant) {
        this.db = db;
        this.guard = guard;
        this.evidence = evidence;
        this.content = content;
        this.settings = settings;
        this.tx = tx;
        this.clock = clock;
        this.buildsPerTenant = Math.max(1, buildsPerTenant);
        heartbeat.scheduleWithFixedDelay(this::beat, BEAT.toSeconds(), BEAT.toSeconds(), TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        heartbeat.shutdownNow();
    }

    /**
     * Prepares a bundle for a tenant of this region (refused, with a decision and receipt, if evidence may not be
     * staged here); it is built while it is downloaded ({@link #claim}, {@link #write}).
     */
    public ProofBundleJob start(TenantRef tenant, ProofBundleRequest request) {
        if (request == null || request.from() == null || request.to() == null || !request.from().isBefore(request.to())) {
            throw new IllegalArgumentException("A proof bundle needs a period: from before to");
        }
        if (!tenant.resident()) {
            throw new IllegalArgumentException("Tenant " + tenant.slug() + " is served by " + tenant.activeRegion()
                    + "; its evidence is built there");
        }
        UUID jobId = Ids.timeOrdered(clock);
        ResidencyGuard.Verdict verdict = tx.execute(status -> {
            ResidencyGuard.Verdict v = guard.decide(Seam.EVIDENCE, tenant, "STAGE proof bundle " + jobId,
                    Map.of("stagingZone", settings.zone().name()), null, List.of(settings.region().value()));
            if (v.allowed()) {
                // Counted after the decision: the staging receipt itself is one of the period's receipts.
                int total = evidence.receiptCount(tenant.slug(), request.from(), request.to());
                db.insertInto(EVIDENCE_JOB)
                        .set(EVIDENCE_JOB.JOB_ID, jobId)
                        .set(EVIDENCE_JOB.TENANT_ID, tenant.id())
                        .set(EVIDENCE_JOB.TENANT_SLUG, tenant.slug())
                        .set(EVIDENCE_JOB.REQUESTED_BY, request.requestedBy() == null ? "unknown" : request.requestedBy())
                        .set(EVIDENCE_JOB.PERIOD_FROM, request.from().atOffset(ZoneOffset.UTC))
                        .set(EVIDENCE_JOB.PERIOD_TO, request.to().atOffset(ZoneOffset.UTC))
                        .set(EVIDENCE_JOB.STATUS, "READY")
                        .set(EVIDENCE_JOB.TOTAL, total)
                        .set(EVIDENCE_JOB.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                        .set(EVIDENCE_JOB.DECISION_ID, v.decisionId())
                        .set(EVIDENCE_JOB.RECEIPT_ID, UUID.fromString(v.receipt().receiptId()))
                        .execute();
            }
            return v;
        });
        if (!verdict.allowed()) {
            throw new ResidencyDeniedException(verdict);
        }
        return job(jobId).orElseThrow();
    }

    public Optional<ProofBundleJob> job(UUID jobId) {
        endAbandoned(EVIDENCE_JOB.JOB_ID.eq(jobId));
        return db.selectFrom(EVIDENCE_JOB).where(EVIDENCE_JOB.JOB_ID.eq(jobId)).fetchOptional()
                .map(r -> new ProofBundleJob(r.getJobId().toString(), r.getTenantId().toString(), r.getTenantSlug(), r.getStatus(), r.getDone(), r.getTotal(),
                        r.getFileSize(), r.getFileSha256(), r.getError(), r.getCreatedAt().toInstant(),
                        r.getFinishedAt() == null ? null : r.getFinishedAt().toInstant(), r.getDecisionId().toString(),
                        r.getReceiptId().toString()));
    }

    /**
     * Takes a ready bundle of the tenant for building (once): at most {@code builds-per-tenant} builds of one tenant
     * run at a time across every agent replica of the region (counted under an advisory lock), so a 429 says so
     * plainly rather than a second million-receipt build slowing the first.
     */
    public ProofBundleJob claim(UUID tenantId, UUID jobId) {
        endAbandoned(EVIDENCE_JOB.TENANT_ID.eq(tenantId));
        tx.executeWithoutResult(status -> {
            db.execute("select pg_advisory_xact_lock(?, hashtext(?))", LOCK_SPACE, tenantId.toString());
            var job = db.selectFrom(EVIDENCE_JOB).where(EVIDENCE_JOB.JOB_ID.eq(jobId).and(EVIDENCE_JOB.TENANT_ID.eq(tenantId)))
                    .fetchOptional().orElseThrow(() -> new NoSuchElementException("No proof bundle " + jobId + " for tenant " + tenantId));
            if (!"READY".equals(job.getStatus())) {
                throw new IllegalStateException("Proof bundle " + jobId + " is " + job.getStatus().toLowerCase()
                        + ("DELIVERED".equals(job.getStatus()) ? " already; build a new one" : ""));
            }
            List<UUID> running = db.select(EVIDENCE_JOB.JOB_ID).from(EVIDENCE_JOB)
                    .where(EVIDENCE_JOB.TENANT_ID.eq(tenantId).and(EVIDENCE_JOB.STATUS.eq("BUILDING"))).fetch(EVIDENCE_JOB.JOB_ID);
            if (running.size() >= buildsPerTenant) {
                throw new ResponseStatusException(HttpStatus.TOO_MANY_REQUESTS, "A proof bundle of " + job.getTenantSlug()
                        + " is being built now (" + running.get(0) + "); at most " + buildsPerTenant + " at a time per tenant: "
                        + "download this one when it has finished");
            }
            OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
            db.update(EVIDENCE_JOB).set(EVIDENCE_JOB.STATUS, "BUILDING").set(EVIDENCE_JOB.DONE, 0).set(EVIDENCE_JOB.HEARTBEAT_AT, now)
                    .where(EVIDENCE_JOB.JOB_ID.eq(jobId)).execute();
        });
        building.put(jobId, new AtomicLong());
        return job(jobId).orElseThrow();
    }

    /**
     * Builds a claimed bundle straight into {@code out} (the HTTP response): receipts from a database cursor into the
     * zip as they are read, then the decisions, certificates, manifest and the signed statement. It ends DELIVERED with
     * the size and SHA-256 of what was written, or FAILED with the reason (and the exception rethrown, so the
     * response is cut short rather than looking complete).
     */
    public void write(ProofBundleJob job, TenantRef tenant, OutputStream out) throws IOException {
        UUID jobId = UUID.fromString(job.jobId());
        AtomicLong done = building.computeIfAbsent(jobId, id -> new AtomicLong());
        var row = db.selectFrom(EVIDENCE_JOB).where(EVIDENCE_JOB.JOB_ID.eq(jobId)).fetchSingle();
        Instant from = row.getPeriodFrom().toInstant();
        Instant to = row.getPeriodTo().toInstant();
        try (ProofBundleWriter zip = new ProofBundleWriter(out, tenant.slug() + "-residency-proof")) {
            ProofBundleWriter.ReceiptLines lines = zip.receipts();
            evidence.streamReceipts(tenant.slug(), from, to, (hour, receipt) -> {
                lines.add(hour, receipt);
                done.incrementAndGet();
            });
            ProofBundleWriter.Receipts receipts = lines.finish();
            content.write(zip, receipts, tenant, row.getRequestedBy(), from, to, job);
            zip.finish();
            int updated = db.update(EVIDENCE_JOB).set(EVIDENCE_JOB.STATUS, "DELIVERED").set(EVIDENCE_JOB.DONE, (int) receipts.count())
                    .set(EVIDENCE_JOB.TOTAL, (int) receipts.count()).set(EVIDENCE_JOB.FILE_SIZE, zip.bytes())
                    .set(EVIDENCE_JOB.FILE_SHA256, zip.sha256()).set(EVIDENCE_JOB.FINISHED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .where(EVIDENCE_JOB.JOB_ID.eq(jobId).and(EVIDENCE_JOB.STATUS.eq("BUILDING"))).execute();
            if (updated == 0) {
                log.warn("Proof bundle {} was written but had already been ended as failed (its heartbeat stopped)", jobId);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Proof bundle {} for {} failed after {} receipts: {}", jobId, tenant.slug(), done.get(), e.toString());
            fail(jobId, "Building the bundle stopped after " + done.get() + " receipts: " + e.getMessage());
            throw e;
        } finally {
            building.remove(jobId);
        }
    }

    private void fail(UUID jobId, String error) {
        db.update(EVIDENCE_JOB).set(EVIDENCE_JOB.STATUS, "FAILED").set(EVIDENCE_JOB.ERROR, error)
                .set(EVIDENCE_JOB.FINISHED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .where(EVIDENCE_JOB.JOB_ID.eq(jobId).and(EVIDENCE_JOB.STATUS.eq("BUILDING"))).execute();
    }

    /** Progress and proof of life of this process's builds, so a build whose process died is ended by {@link #endAbandoned}. */
    private void beat() {
        try {
            OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
            building.forEach((id, done) -> db.update(EVIDENCE_JOB).set(EVIDENCE_JOB.HEARTBEAT_AT, now).set(EVIDENCE_JOB.DONE, (int) done.get())
                    .where(EVIDENCE_JOB.JOB_ID.eq(id).and(EVIDENCE_JOB.STATUS.eq("BUILDING"))).execute());
        } catch (RuntimeException e) {
            log.warn("Proof bundle heartbeat failed; will retry: {}", e.getMessage());
        }
    }

    /** Builds whose heartbeat stopped end as FAILED; bundles never downloaded end as EXPIRED. */
    private void endAbandoned(Condition which) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        db.update(EVIDENCE_JOB).set(EVIDENCE_JOB.STATUS, "FAILED").set(EVIDENCE_JOB.FINISHED_AT, now)
                .set(EVIDENCE_JOB.ERROR, "The build stopped without finishing (its agent process stopped or lost its database); build a new one")
                .where(which.and(EVIDENCE_JOB.STATUS.eq("BUILDING")).and(EVIDENCE_JOB.HEARTBEAT_AT.lt(now.minus(STALE)))).execute();
        db.update(EVIDENCE_JOB).set(EVIDENCE_JOB.STATUS, "EXPIRED").set(EVIDENCE_JOB.FINISHED_AT, now)
                .where(which.and(EVIDENCE_JOB.STATUS.eq("READY")).and(EVIDENCE_JOB.CREATED_AT.lt(now.minus(EXPIRY)))).execute();
    }
}
