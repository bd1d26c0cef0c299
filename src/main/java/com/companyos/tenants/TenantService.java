package com.companyos.tenants;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.TenantTokenGrant;
import com.companyos.approvals.ApprovalRequest;
import com.companyos.approvals.ApprovalService;
import com.companyos.approvals.ApprovalSettings;
import com.companyos.approvals.ApprovalSubmission;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.RegionId;
import com.companyos.base.Actor;
import com.companyos.base.ConflictException;
import com.companyos.base.CurrentUser;
import com.companyos.base.Hashing;
import com.companyos.base.Json;
import com.companyos.base.NotFoundException;
import com.companyos.base.Roles;
import com.companyos.base.SignedInUser;
import com.companyos.regions.RegionAgents;
import com.companyos.tenants.internal.TenantCreationPlans;
import com.companyos.tenants.internal.TenantDirectorySync;
import com.companyos.tenants.internal.TenantProvisioner;
import com.companyos.tenants.internal.TenantRepository;
import com.companyos.tenants.internal.TenantTeardown;
import com.companyos.tenants.internal.TenantValidator;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The tenant lifecycle. The wizard, the REST API and the CLI all come here. Creation is idempotent: the same request
 * again changes nothing and returns the same manifest; a different request for an existing slug reports the
 * differences and changes nothing. Residency-locked and DCP tenants, teardowns and legal-hold releases need two-person
 * approval; every refusal is audited with its policy decision.
 */
@Service
public class TenantService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TenantRepository tenants;
    private final TenantValidator validator;
    private final TenantProvisioner provisioner;
    private final TenantTeardown teardown;
    private final ApprovalService approvals;
    private final ApprovalSettings approvalSettings;
    private final TenantCreationPlans plans;
    private final RegionAgents agents;
    private final EvidenceRecorder evidence;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final TenantDirectorySync directory;

    TenantService(TenantRepository tenants, TenantValidator validator, TenantProvisioner provisioner, TenantTeardown teardown,
                  ApprovalService approvals, ApprovalSettings approvalSettings, TenantCreationPlans plans, RegionAgents agents,
                  EvidenceRecorder evidence, TransactionTemplate tx, Clock clock,
                  TenantDirectorySync directory) {
        this.tenants = tenants;
        this.validator = validator;
        this.provisioner = provisioner;
        this.teardown = teardown;
        this.approvals = approvals;
        this.approvalSettings = approvalSettings;
        this.plans = plans;
        this.agents = agents;
        this.evidence = evidence;
        this.tx = tx;
        this.clock = clock;
        this.directory = directory;
    }

    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public List<Tenant> list() {
        return tenants.list();
    }

    /** Active customer tenants counted per zone and residency lock (one aggregate query, for dashboards). */
    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public TenantCensus census() {
        return tenants.census();
    }

    /** The active tenant with this slug, or the last torn-down one. */
    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public Tenant get(String slug) {
        return tenants.findLatest(slug).orElseThrow(() -> new NotFoundException("No tenant '" + slug + "'"));
    }

    /**
     * The tenant with this slug as the signed-in person may see it: staff see every tenant (the latest to hold the
     * slug), a customer user only the active tenant they are bound to, compared by tenant ID: a customer of a torn-down
     * tenant does not see a later tenant that took the same slug. Any other slug is refused as if it did not exist, so
     * slugs cannot be probed.
     */
    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public Tenant visible(String slug) {
        SignedInUser user = CurrentUser.require();
        Tenant tenant = tenants.findLatest(slug).orElseThrow(() -> new NotFoundException("No tenant '" + slug + "'"));
        if (user.customer() && !(tenant.active() && user.tenantId().filter(tenant.id()::equals).isPresent())) {
            throw new NotFoundException("No tenant '" + slug + "'");
        }
        return tenant;
    }

    /** The active tenant a customer user is bound to (by ID); empty for staff and for a customer whose tenant is gone. */
    @Transactional(readOnly = true)
    @PreAuthorize("isAuthenticated()")
    public Optional<Tenant> boundTenant() {
        SignedInUser user = CurrentUser.require();
        return user.customer() ? user.tenantId().flatMap(tenants::find).filter(Tenant::active) : Optional.empty();
    }

    /**
     * Checks a request without changing anything: validation and the policy's placement decisions (recorded), and a
     * preview of what creating it would do. Throws {@link com.companyos.base.ValidationException} with every problem.
     */
    @PreAuthorize(Roles.OPERATORS)
    public String preview(TenantRequest request) {
        TenantValidator.Validated v = validateOrAudit(request);
        return plans.describe(v, plans.tenantIdFor(v.spec()));
    }

    /** Creates the tenant, or submits it for two-person approval, or reports that nothing needs to change. */
    @PreAuthorize(Roles.OPERATORS)
    public CreateOutcome create(TenantRequest request) {
        TenantValidator.Validated v = validateOrAudit(request);
        TenantSpec spec = v.spec();
        Optional<Tenant> existing = tenants.findActive(spec.slug());
        if (existing.isPresent()) {
            Tenant t = existing.get();
            if (t.spec().equals(spec)) {
                return new CreateOutcome(CreateOutcome.Status.UNCHANGED, spec.slug(), t.id(), t.manifest(), t.manifestSha256(),
                        t.approvalRequestId(), 0, Map.of(), "No changes: tenant " + spec.slug() + " already exists exactly as requested.");
            }
            Map<String, List<String>> diff = spec.differencesFrom(t.spec());
            evidence.recordRefusal(AuditEvent.of("tenant.create-differs", "tenant:" + spec.slug())
                    .reason("A tenant with this slug exists and differs; nothing was changed").detail("fields", String.join(",", diff.keySet())));
            return new CreateOutcome(CreateOutcome.Status.DIFFERS, spec.slug(), t.id(), t.manifest(), t.manifestSha256(), null, 0, diff,
                    "Tenant " + spec.slug() + " exists and differs in " + String.join(", ", diff.keySet())
                            + ". Nothing was changed; changing an existing tenant needs its own approved request.");
        }
        UUID tenantId = plans.tenantIdFor(spec);
        if (spec.needsApproval()) {
            String reason = request.reason();
            if (reason == null || reason.isBlank()) {
                throw new com.companyos.base.ValidationException(List.of(com.companyos.base.ValidationException.Problem.of("reason",
                        "A reason is required: a " + (spec.dcpRequested() ? "DCP" : "residency-locked") + " tenant needs two-person approval")));
            }
            ApprovalRequest submitted = approvals.submit(new ApprovalSubmission("tenant.create", "tenant:" + spec.slug(),
                    plans.payload(tenantId, spec), plans.describe(v, tenantId), reason));
            return new CreateOutcome(CreateOutcome.Status.PENDING_APPROVAL, spec.slug(), tenantId, null, null, submitted.id(),
                    submitted.requiredApprovals(), Map.of(), "Submitted for two-person approval: " + submitted.requiredApprovals()
                    + " compliance officers other than you must approve request " + submitted.id() + ".");
        }
        Tenant created = provisioner.provision(tenantId, v, null, Actor.current(), List.of());
        return new CreateOutcome(CreateOutcome.Status.CREATED, spec.slug(), created.id(), created.manifest(), created.manifestSha256(),
                null, 0, Map.of(), "Tenant " + spec.slug() + " created in " + spec.primaryRegion() + ".");
    }

    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public String manifest(String slug) {
        return get(slug).manifest();
    }

    // Teardown

    @PreAuthorize("hasAnyRole('PLATFORM_ADMIN','OPERATOR','COMPLIANCE_OFFICER')")
    public TeardownPlan teardownPlan(String slug) {
        return teardown.plan(active(slug));
    }

    /** Requests a teardown (two-person approval). Refused, audited and nothing deleted while retention or a hold applies. */
    @PreAuthorize(Roles.OPERATORS)
    public UUID requestTeardown(String slug, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A reason is required for a teardown");
        }
        Tenant tenant = active(slug);
        TeardownPlan plan = teardown.plan(tenant);
        if (plan.blocked()) {
            evidence.recordRefusal(AuditEvent.of("tenant.teardown-denied", "tenant:" + slug).decision(plan.decisionId())
                    .reason(String.join("; ", plan.blockers())));
            throw new TeardownBlockedException(plan);
        }
        return approvals.submit(new ApprovalSubmission("tenant.teardown", "tenant:" + slug,
                Json.write(Map.of("tenantId", tenant.id().toString(), "slug", slug)), plan.describe(), reason)).id();
    }

    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public Optional<String> deletionCertificate(String slug) {
        return tenants.certificate(get(slug).id());
    }

    // Legal holds

    @Transactional
    @PreAuthorize("hasRole('COMPLIANCE_OFFICER')")
    public LegalHold placeLegalHold(String slug, String reason, Instant until) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("A reason is required for a legal hold");
        }
        if (until != null && !until.isAfter(clock.instant())) {
            throw new IllegalArgumentException("A legal hold's end must be in the future (or none: until released)");
        }
        Tenant tenant = active(slug);
        UUID id = UUID.randomUUID();
        tenants.insertHold(id, tenant.id(), Actor.current(), reason.trim(), clock.instant(), until);
        evidence.record(AuditEvent.of("legal-hold.placed", "tenant:" + slug).reason(reason.trim())
                .detail("holdId", id.toString()).detail("until", until == null ? "released" : until.toString()));
        return tenants.holds(tenant.id(), slug).stream().filter(h -> h.id().equals(id)).findFirst().orElseThrow();
    }

    /** Asks for a hold's release (two-person approval). */
    @PreAuthorize("hasRole('COMPLIANCE_OFFICER')")
    public UUID requestLegalHoldRelease(UUID holdId, String reason) {
        UUID tenantId = tenants.holdTenant(holdId).orElseThrow(() -> new NotFoundException("No legal hold " + holdId));
        Tenant tenant = tenants.find(tenantId).orElseThrow();
        LegalHold hold = tenants.holds(tenantId, tenant.slug()).stream().filter(h -> h.id().equals(holdId)).findFirst().orElseThrow();
        if (hold.releasedAt() != null) {
            throw new ConflictException("This legal hold was already released");
        }
        return approvals.submit(new ApprovalSubmission("legal-hold.release", "legal-hold:" + holdId,
                Json.write(Map.of("holdId", holdId.toString(), "tenantId", tenantId.toString(), "slug", tenant.slug())),
                "Release the legal hold on tenant " + tenant.slug() + "\n  placed by " + hold.placedBy() + " on " + hold.placedAt()
                        + "\n  reason: " + hold.reason() + "\n  until: " + (hold.until() == null ? "released" : hold.until())
                        + "\nOnce released, the hold no longer blocks teardown.", reason)).id();
    }

    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public List<LegalHold> legalHolds(String slug) {
        Tenant t = get(slug);
        return tenants.holds(t.id(), slug);
    }

    // Tenant API tokens

    /** Issues a token for the tenant's applications; pushes its hash to the tenant's primary region. Shown once. */
    @PreAuthorize(Roles.OPERATORS)
    public IssuedToken issueToken(String slug, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Give the token a name (e.g. the application that uses it)");
        }
        Tenant tenant = active(slug);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "cot_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String sha = Hashing.sha256Hex(token);
        UUID id = UUID.randomUUID();
        // To the region that serves the tenant now; it ships the grant to the standby with the tenant's other changes.
        agents.forTenant(tenant.id(), RegionId.of(tenant.activeRegion())).put(AgentPaths.tenantToken(tenant.id().toString(), id.toString()),
                new TenantTokenGrant(sha), Void.class);
        String prefix = token.substring(0, 12);
        tx.executeWithoutResult(status -> {
            tenants.insertToken(id, tenant.id(), name.trim(), prefix, sha, Actor.current(), clock.instant());
            evidence.record(AuditEvent.of("tenant-token.issued", "tenant:" + slug).detail("tokenId", id.toString())
                    .detail("name", name.trim()).detail("prefix", prefix));
        });
        directory.publish(tenant); // every region learns the token's hash (a misdirected call is answered 421 only with it)
        return new IssuedToken(id, name.trim(), token, prefix, agents.endpointFor(tenant.id(), RegionId.of(tenant.activeRegion())).dataUrl().toString());
    }

    /**
     * Which agent serves the tenant now: {@code eu-west} (the region's shared agent) or {@code eu-west/dcp/<slug>} (its
     * Dedicated Compliance Partition's).
     */
    @PreAuthorize(Roles.ANY_STAFF)
    public String servedBy(Tenant tenant) {
        return agents.endpointFor(tenant.id(), RegionId.of(tenant.activeRegion())).label();
    }

    @PreAuthorize(Roles.OPERATORS)
    public void revokeToken(String slug, UUID tokenId) {
        Tenant tenant = get(slug);
        agents.forTenant(tenant.id(), RegionId.of(tenant.activeRegion())).delete(AgentPaths.tenantToken(tenant.id().toString(), tokenId.toString()), Void.class);
        tx.executeWithoutResult(status -> {
            if (!tenants.revokeToken(tenant.id(), tokenId, clock.instant())) {
                throw new ConflictException("Token " + tokenId + " is unknown or already revoked");
            }
            evidence.record(AuditEvent.of("tenant-token.revoked", "tenant:" + slug).detail("tokenId", tokenId.toString()));
        });
        if (tenant.active()) {
            directory.publish(tenant);
        }
    }

    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public List<TenantToken> tokens(String slug) {
        return tenants.tokens(get(slug).id());
    }

    /**
     * The active tenant a tenant API token belongs to, if the token is known and not revoked: how a tenant's
     * application authenticates to the console's routing endpoint. Not a permission check of a signed-in person.
     */
    @Transactional(readOnly = true)
    public Optional<Tenant> tenantOfToken(String token) {
        if (token == null || !token.startsWith("cot_")) {
            return Optional.empty();
        }
        return tenants.tokenTenant(Hashing.sha256Hex(token)).flatMap(tenants::find).filter(Tenant::active);
    }

    public int approvalsRequired(String type) {
        return approvalSettings.required(type);
    }

    // Helpers

    private TenantValidator.Validated validateOrAudit(TenantRequest request) {
        try {
            return validator.validate(request);
        } catch (TenantValidator.PlacementDeniedException denied) {
            var first = denied.problems().get(0);
            evidence.recordRefusal(AuditEvent.of("tenant.create-denied", "tenant:" + (request == null ? "?" : request.slug()))
                    .decision(first.decisionId()).reason(denied.getMessage()));
            throw denied;
        }
    }

    private Tenant active(String slug) {
        return tenants.findActive(slug).orElseThrow(() -> new NotFoundException("No active tenant '" + slug + "'"));
    }
}
