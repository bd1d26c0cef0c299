package com.companyos.residency;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.ProofBundleJob;
import com.companyos.agentapi.control.ProofBundleRequest;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Actor;
import com.companyos.base.ConflictException;
import com.companyos.base.Hashing;
import com.companyos.base.NotFoundException;
import com.companyos.base.RegionId;
import com.companyos.regions.AgentClient;
import com.companyos.regions.RegionAgents;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Residency proof bundles for people: a compliance officer (or platform admin) for any tenant, a customer user for
 * their own tenant. The bundle is built in the tenant's own region (evidence staging is itself a decided seam), its
 * progress is polled, and the finished zip is streamed from the region through the console to the person who asked,
 * once; the console keeps no copy. Requests and downloads are audited with the bundle's SHA-256.
 */
@Service
public class ProofBundleService {

    static final String WHO = "hasAnyRole('PLATFORM_ADMIN','COMPLIANCE_OFFICER','CUSTOMER')";
    /** The longest period one bundle may cover. */
    static final Duration MAX_PERIOD = Duration.ofDays(400);

    private final TenantService tenants;
    private final RegionAgents agents;
    private final EvidenceRecorder evidence;

    ProofBundleService(TenantService tenants, RegionAgents agents, EvidenceRecorder evidence) {
        this.tenants = tenants;
        this.agents = agents;
        this.evidence = evidence;
    }

    /** Starts building the bundle of [from, to) in the tenant's region. */
    @PreAuthorize(WHO)
    public ProofBundleJob start(String slug, Instant from, Instant to) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("Choose a period whose start is before its end");
        }
        if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("One bundle covers at most " + MAX_PERIOD.toDays() + " days; split the period");
        }
        Tenant tenant = active(slug);
        // Receipts are kept by slug: those before this tenant existed are an earlier tenant's with the same slug.
        Instant since = tenant.evidenceFrom(from, false);
        if (!since.isBefore(to)) {
            throw new IllegalArgumentException("Tenant " + slug + " was created at " + tenant.createdAt()
                    + "; choose a period that ends after that");
        }
        ProofBundleJob job = call(tenant, c -> c.post(AgentPaths.proofBundles(tenant.id().toString()),
                new ProofBundleRequest(since, to, Actor.current()), ProofBundleJob.class));
        evidence.record(AuditEvent.of("residency.proof-bundle-requested", "tenant:" + slug)
                .decision(job.decisionId() == null ? null : UUID.fromString(job.decisionId()))
                .detail("jobId", job.jobId()).detail("region", tenant.activeRegion())
                .detail("from", since.toString()).detail("to", to.toString()).detail("receiptId", job.receiptId()));
        return job;
    }

    /** Progress of a bundle being built. */
    @PreAuthorize(WHO)
    public ProofBundleJob job(String slug, String jobId) {
        Tenant tenant = active(slug);
        return call(tenant, c -> c.get(AgentPaths.proofBundle(tenant.id().toString(), UUID.fromString(jobId).toString()), ProofBundleJob.class))
                .orElseThrow(() -> new NotFoundException("No proof bundle " + jobId + " for " + slug));
    }

    /**
     * Builds the bundle in its region while relaying it to {@code out}, once. The region writes the zip into its
     * response as it reads the receipts, and this relays each chunk as it arrives (an input stream over the agent's
     * response, never a whole-bundle buffer), digesting on the way: the audit entry carries the SHA-256 and size that
     * reached the person, and the region's own record of what it wrote. A bundle that fails part-way ends the download
     * with an error, never a truncated file that looks whole.
     */
    @PreAuthorize(WHO)
    public ProofBundleJob download(String slug, String jobId, OutputStream out) throws IOException {
        Tenant tenant = active(slug);
        ProofBundleJob job = job(slug, jobId);
        if (!"READY".equals(job.status())) {
            throw new ConflictException("Proof bundle " + jobId + " is " + job.status().toLowerCase()
                    + ("DELIVERED".equals(job.status()) ? " already; build a new one" : ""));
        }
        MessageDigest sha = Hashing.newSha256();
        long bytes;
        try (InputStream in = call(tenant, c -> c.stream(AgentPaths.proofBundleContent(tenant.id().toString(), job.jobId())))) {
            bytes = new DigestInputStream(in, sha).transferTo(out);
            out.flush();
        } catch (IOException | RuntimeException e) {
            evidence.record(AuditEvent.of("residency.proof-bundle-failed", "tenant:" + slug).detail("jobId", jobId)
                    .detail("reason", String.valueOf(e.getMessage())));
            throw e;
        }
        String sha256 = HexFormat.of().formatHex(sha.digest());
        ProofBundleJob delivered = job(slug, jobId);
        evidence.record(AuditEvent.of("residency.proof-bundle-downloaded", "tenant:" + slug).detail("jobId", jobId)
                .detail("sha256", sha256).detail("bytes", bytes).detail("receipts", delivered.done())
                .detail("regionSha256", delivered.sha256()));
        return delivered;
    }

    /** The file name a downloaded bundle gets. */
    public static String fileName(ProofBundleJob job) {
        return job.tenant() + "-residency-proof-" + job.jobId() + ".zip";
    }

    private Tenant active(String slug) {
        Tenant tenant = tenants.visible(slug);
        if (!tenant.active()) {
            throw new NotFoundException("Tenant " + slug + " was torn down; its evidence went with it (see its deletion certificate)");
        }
        return tenant;
    }

    private <T> T call(Tenant tenant, java.util.function.Function<AgentClient, T> call) {
        try {
            return call.apply(agents.forTenant(tenant.id(), RegionId.of(tenant.activeRegion())));
        } catch (AgentClient.AgentRefusedException e) {
            if (e.status() == 404) {
                throw new NotFoundException(e.detail());
            }
            if (e.status() == 400) {
                throw new IllegalArgumentException(e.detail());
            }
            // 409 (already delivered) and 429 (a build of this tenant is running) say why in the region's words.
            throw new ConflictException(e.detail());
        } catch (AgentClient.AgentUnavailableException e) {
            throw new ConflictException("The " + tenant.activeRegion() + " region, which holds " + tenant.slug()
                    + "'s evidence, cannot be reached now: " + e.getMessage());
        }
    }
}
