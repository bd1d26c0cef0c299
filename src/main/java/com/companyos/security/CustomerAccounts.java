package com.companyos.security;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.security.internal.ApiTokenRepository;
import com.companyos.security.internal.LocalAccountRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Customer accounts follow their tenant's lifecycle, by tenant ID: pending accounts naming a slug are bound when a
 * tenant with that slug is created, and a teardown disables the tenant's customers and revokes their tokens, so a
 * later tenant that takes the slug starts with no customers. Called by the tenant lifecycle inside its own
 * transaction (which holds the approval); every change is audited.
 */
@Service
public class CustomerAccounts {

    private final LocalAccountRepository accounts;
    private final ApiTokenRepository tokens;
    private final EvidenceRecorder evidence;
    private final Clock clock;

    CustomerAccounts(LocalAccountRepository accounts, ApiTokenRepository tokens, EvidenceRecorder evidence, Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.evidence = evidence;
        this.clock = clock;
    }

    /** Binds the pending customer accounts naming {@code slug} to the tenant just created. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> tenantCreated(UUID tenantId, String slug) {
        List<String> bound = accounts.bindPending(tenantId, slug);
        for (String username : bound) {
            evidence.record(AuditEvent.of("account.bound", "account:" + username).detail("tenant", slug)
                    .detail("tenantId", tenantId.toString()));
        }
        return bound;
    }

    /** Disables the customers of a tenant being torn down and revokes their API tokens. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<String> tenantTornDown(UUID tenantId, String slug) {
        String reason = "Tenant " + slug + " (" + tenantId + ") was torn down";
        List<String> disabled = accounts.disableCustomers(tenantId, slug, reason);
        for (String username : disabled) {
            evidence.record(AuditEvent.of("account.disabled", "account:" + username).reason(reason)
                    .detail("tenantId", tenantId.toString()));
        }
        for (UUID token : tokens.revokeForTenant(tenantId, slug, clock.instant())) {
            evidence.record(AuditEvent.of("api-token.revoked", "tenant:" + slug).reason(reason).detail("tokenId", token.toString()));
        }
        return disabled;
    }
}
