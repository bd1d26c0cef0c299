package com.companyos.agent.data;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.decisions.ResidencyGuard;
import com.companyos.agent.tenancy.MisdirectedException;
import com.companyos.agent.tenancy.TenantLookup;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agent.tenancy.TenantTokens;
import com.companyos.agentapi.data.Misdirected;
import com.companyos.agentapi.data.Seam;
import com.companyos.base.Hashing;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The door of the tenant data API. What a caller learns depends on what it proves, never on which slugs exist:
 * <ul>
 *   <li>no token: 401, for every slug (nothing is looked up, decided or stored);</li>
 *   <li>a token that is not one of the named tenant's: 401 if this region knows no such token, 404 "no tenant ... for
 *       this token" if it is another tenant's, whether the named slug exists or not;</li>
 *   <li>a token of the named tenant, which lives elsewhere: a recorded ingress denial with a receipt, and 421 naming
 *       the region that serves it (every region holds the hashes of every tenant's tokens, from the directory);</li>
 *   <li>a token of the named tenant, which lives here: admitted.</li>
 * </ul>
 * Refusals are counted (not recorded one by one) by {@link DoorRefusals}.
 */
@Component
public class DataGate {

    static final String TOKEN_REQUIRED = "A tenant API token is required (Authorization: Bearer <token>)";
    static final String TOKEN_UNKNOWN = "The tenant API token is unknown or revoked";

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

    /** A refusal at the door, with the reason it is counted under. */
    public static final class Refused extends ResponseStatusException {

        private final String reason;

        Refused(HttpStatus status, String detail, String reason) {
            super(status, detail);
            this.reason = reason;
        }

        public String refusal() {
            return reason;
        }
    }

    public TenantRef admit(String slug, String authorization, String operation) {
        String token = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        if (token == null || token.isEmpty()) {
            throw new Refused(HttpStatus.UNAUTHORIZED, TOKEN_REQUIRED, "no-token");
        }
        Optional<TenantRef> named = tenants.bySlug(slug);
        Optional<TenantTokens.TenantPrincipal> here = tokens.authenticate(token);
        if (named.isPresent() && here.isPresent() && here.get().tenantId().equals(named.get().id())) {
            TenantRef tenant = named.get();
            if (tenant.resident()) {
                return tenant;
            }
            throw misdirected(slug, operation, tenant); // a region that still holds the token (a former primary)
        }
        if (named.isPresent() && !named.get().resident() && tenants.holdsToken(named.get().id(), Hashing.sha256Hex(token))) {
            throw misdirected(slug, operation, named.get());
        }
        if (here.isPresent()) {
            throw new Refused(HttpStatus.NOT_FOUND, "No tenant '" + slug + "' for this token", "foreign-token");
        }
        throw new Refused(HttpStatus.UNAUTHORIZED, TOKEN_UNKNOWN, "unknown-token");
    }

    private MisdirectedException misdirected(String slug, String operation, TenantRef tenant) {
        ResidencyGuard.Verdict verdict = tx.execute(status -> guard.decide(Seam.INGRESS, tenant, operation,
                Map.of("resident", false, "homeRegion", String.valueOf(tenant.activeRegion())), null, List.of()));
        String where = tenant.partition() != null && !settings.dedicated()
                ? "Tenant " + slug + " is served by its Dedicated Compliance Partition in " + tenant.activeRegion()
                        + ", not by the shared " + settings.region() + " agent; send this request to " + tenant.dataUrl() + ". "
                : "Tenant " + slug + " is not served by " + settings.region() + "; send this request to " + tenant.activeRegion() + ". ";
        return new MisdirectedException(new Misdirected(421, "Misdirected Request", where + verdict.decision().explanation(),
                slug, tenant.activeRegion(), tenant.dataUrl(), verdict.decisionId().toString(), verdict.receipt().receiptId()));
    }
}
