package com.companyos.agent.data;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.decisions.ResidencyGuard;
import com.companyos.agent.tenancy.MisdirectedException;
import com.companyos.agent.tenancy.TenantLookup;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agent.tenancy.TenantTokens;
import com.companyos.agentapi.data.Misdirected;
import com.companyos.agentapi.data.Seam;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;
import java.util.Map;

/**
 * The door of the tenant data API, in this order: is the tenant known; does it live in this region (if not: a recorded
 * ingress denial with a receipt, and 421 naming the region that serves it, before any credential is looked at, since
 * this region holds none for it); does the token belong to this tenant.
 */
@Component
public class DataGate {

    private final TenantLookup tenants;
    private final TenantTokens tokens;
    private final ResidencyGuard guard;
    private final AgentSettings settings;
    private final TransactionTemplate tx;

    DataGate(TenantLookup tenants, TenantTokens tokens, ResidencyGuard guard, AgentSettings settings, TransactionTemplate tx) {
        this.tenants = tenants;
        this.tokens = tokens;
        this.guard = guard;
        this.settings = settings;
        this.tx = tx;
    }

    public TenantRef admit(String slug, String authorization, String operation) {
        TenantRef tenant = tenants.bySlug(slug).orElseThrow(() ->
                new ResponseStatusException(HttpStatus.NOT_FOUND, "No tenant '" + slug + "' is known to this region"));
        if (!tenant.resident()) {
            ResidencyGuard.Verdict verdict = tx.execute(status -> guard.decide(Seam.INGRESS, tenant, operation,
                    Map.of("resident", false, "homeRegion", String.valueOf(tenant.activeRegion())), null, List.of()));
            throw new MisdirectedException(new Misdirected(421, "Misdirected Request",
                    "Tenant " + slug + " is not served by " + settings.region() + "; send this request to " + tenant.activeRegion()
                            + ". " + verdict.decision().explanation(),
                    slug, tenant.activeRegion(), tenant.dataUrl(), verdict.decisionId().toString(), verdict.receipt().receiptId()));
        }
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7) : null;
        if (token == null) {
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "A tenant API token is required (Authorization: Bearer <token>)");
        }
        TenantTokens.TenantPrincipal principal = tokens.authenticate(token)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED, "The tenant API token is unknown or revoked"));
        if (!principal.tenantId().equals(tenant.id())) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "This token belongs to another tenant");
        }
        return tenant;
    }
}
