package com.companyos.agent.internal;

import com.companyos.base.Hashing;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.agent.db.Tables.TENANT_NAMESPACE;
import static com.companyos.agent.db.Tables.TENANT_TOKEN;

/**
 * Tenant API tokens as this agent knows them: only their SHA-256, granted and revoked by the control plane. A token
 * authenticates one tenant, and only for a tenant resident here.
 */
@Service
public class TenantTokens {

    /** The tenant a data-API request acts for. */
    public record TenantPrincipal(UUID tenantId, String slug, String schema) {
    }

    private final DSLContext db;
    private final Clock clock;
    /** Token hash → principal for recent successful checks; grants, revocations and teardowns clear it; 2 s at most. */
    private final ShortCache<String, TenantPrincipal> checked = new ShortCache<>(java.time.Duration.ofSeconds(2), 10_000);

    TenantTokens(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Transactional
    public void grant(UUID tenantId, UUID tokenId, String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("A token grant carries the token's SHA-256 as 64 hex characters");
        }
        invalidate();
        if (db.fetchCount(TENANT_NAMESPACE, TENANT_NAMESPACE.TENANT_ID.eq(tenantId)) == 0) {
            throw new java.util.NoSuchElementException("Tenant " + tenantId + " has no namespace in this region");
        }
        db.insertInto(TENANT_TOKEN)
                .set(TENANT_TOKEN.TOKEN_SHA256, sha256)
                .set(TENANT_TOKEN.TOKEN_ID, tokenId)
                .set(TENANT_TOKEN.TENANT_ID, tenantId)
                .set(TENANT_TOKEN.CREATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
    }

    @Transactional
    public void revoke(UUID tenantId, UUID tokenId) {
        invalidate();
        db.update(TENANT_TOKEN).set(TENANT_TOKEN.REVOKED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .where(TENANT_TOKEN.TOKEN_ID.eq(tokenId).and(TENANT_TOKEN.TENANT_ID.eq(tenantId)).and(TENANT_TOKEN.REVOKED_AT.isNull()))
                .execute();
    }

    public Optional<TenantPrincipal> authenticate(String rawToken) {
        if (rawToken == null || rawToken.isBlank()) {
            return Optional.empty();
        }
        return checked.get(Hashing.sha256Hex(rawToken.trim()), sha -> db.select(TENANT_NAMESPACE.TENANT_ID, TENANT_NAMESPACE.SLUG,
                        TENANT_NAMESPACE.SCHEMA_NAME)
                .from(TENANT_TOKEN).join(TENANT_NAMESPACE).on(TENANT_NAMESPACE.TENANT_ID.eq(TENANT_TOKEN.TENANT_ID))
                .where(TENANT_TOKEN.TOKEN_SHA256.eq(sha).and(TENANT_TOKEN.REVOKED_AT.isNull()))
                .fetchOptional(r -> new TenantPrincipal(r.value1(), r.value2(), r.value3())));
    }

    /** Forget cached token checks (a grant, a revocation, a namespace created or removed). */
    void invalidate() {
        checked.invalidate();
    }
}
