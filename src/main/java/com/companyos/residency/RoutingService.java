package com.companyos.residency;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.data.Receipt;
import com.companyos.agentapi.data.Seam;
import com.companyos.agentapi.data.SignedReceipt;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.CurrentUser;
import com.companyos.base.Ids;
import com.companyos.base.NotFoundException;
import com.companyos.base.RegionId;
import com.companyos.policy.EntityRef;
import com.companyos.policy.PolicyDecision;
import com.companyos.policy.PolicyQuery;
import com.companyos.policyadmin.PolicyService;
import com.companyos.regions.Region;
import com.companyos.regions.RegionRegistry;
import com.companyos.residency.internal.ConsoleReceipts;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Seam 1, routing: answers where a tenant lives with the data API endpoint of the region that serves it, after the
 * {@code route} policy allowed it (a residency-locked tenant is never sent out of its zone). Each answer, allowed or
 * denied, is a recorded decision with a receipt signed by the control plane. The console only answers the question;
 * it never reads or forwards a tenant's records.
 *
 * <p>Who may ask: staff, the tenant's own customer users (personal API token or session), and the tenant's
 * applications with a tenant API token of that tenant. Anyone else learns nothing, not even whether the slug exists.
 */
@Service
public class RoutingService {

    private final TenantService tenants;
    private final RegionRegistry regions;
    private final com.companyos.regions.RegionAgents agents;
    private final PolicyService policy;
    private final ConsoleReceipts receipts;
    private final EvidenceRecorder evidence;
    private final TransactionTemplate tx;
    private final Clock clock;

    RoutingService(TenantService tenants, RegionRegistry regions, PolicyService policy, ConsoleReceipts receipts,
                   EvidenceRecorder evidence, TransactionTemplate tx, Clock clock, com.companyos.regions.RegionAgents agents) {
        this.agents = agents;
        this.tenants = tenants;
        this.regions = regions;
        this.policy = policy;
        this.receipts = receipts;
        this.evidence = evidence;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * The route for {@code slug}. {@code tenantToken} is the caller's bearer token when it is not a signed-in person
     * (a tenant application).
     *
     * @throws BadCredentialsException when neither a person nor a valid token of this tenant asks
     * @throws NotFoundException       when the tenant does not exist or is not visible to the caller
     * @throws RouteDeniedException    when the routing policy refuses
     */
    public Route route(String slug, String tenantToken) {
        Tenant tenant = caller(slug, tenantToken);
        if (!tenant.active()) {
            throw new NotFoundException("Tenant " + slug + " was torn down");
        }
        // The agent that holds the tenant's data: its Dedicated Compliance Partition's when one serves it (dcp channel).
        Region target = agents.endpointFor(tenant.id(), RegionId.of(tenant.activeRegion()));
        PolicyDecision d = policy.decide(target.dedicated() ? com.companyos.policy.PolicyChannel.DCP : tenant.spec().channel(), new PolicyQuery(EntityRef.of("ControlPlane", "console"), "route",
                new EntityRef("Tenant", slug, Map.of("zone", tenant.spec().zone().name(),
                        "residencyLocked", tenant.spec().residencyLocked() || tenant.spec().dcpRequested())),
                Map.of("targetRegion", target.id().value(), "targetZone", target.zone().name())));
        String endpoint = target.dataUrl().resolve(AgentPaths.TENANT_DATA.replace("{slug}", slug)).toString();
        Receipt receipt = new Receipt(Ids.timeOrdered(clock).toString(), tenant.id().toString(), slug, Seam.ROUTING,
                "ROUTE to " + target.label(), d.allowed(), "control-plane", List.of(tenant.activeRegion()), d.decisionId().toString(),
                d.determiningPolicies(), d.bundleVersion(), d.bundleSha256(), null, clock.instant());
        SignedReceipt signed = tx.execute(status -> receipts.issue(receipt));
        if (!d.allowed()) {
            evidence.recordRefusal(AuditEvent.of("residency.route-denied", "tenant:" + slug).decision(d.decisionId())
                    .reason(d.explanation()).detail("targetRegion", target.id().value()).detail("receiptId", signed.receiptId()));
            throw new RouteDeniedException(d, signed);
        }
        return new Route(slug, target.id().value(), target.zone().name(), endpoint, d.decisionId().toString(), d.determiningPolicies(),
                d.bundleLabel(), signed.receiptId());
    }

    private Tenant caller(String slug, String tenantToken) {
        if (CurrentUser.get().isPresent()) {
            return tenants.visible(slug);
        }
        Tenant own = tenants.tenantOfToken(tenantToken).orElseThrow(() ->
                new BadCredentialsException("A tenant API token or a personal API token is required: Authorization: Bearer <token>"));
        if (!own.slug().equals(slug)) {
            throw new NotFoundException("No tenant '" + slug + "'");
        }
        return own;
    }
}
