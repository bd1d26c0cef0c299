package com.companyos.agent.tenancy;

import com.companyos.agent.replication.FencedException;
import com.companyos.agent.replication.ReplicationLog;
import com.companyos.agent.store.ShortCache;
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

    private final ReplicationLog replication;

    TenantTokens(DSLContext db, Clock clock, ReplicationLog replication) {
        this.db = db;
        this.replication = replication;
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
        var at = clock.instant().atOffset(ZoneOffset.UTC);
        if (store(tenantId, tokenId, sha256, at.toInstant())) {
            replicate(tenantId, ReplicationLog.Change.token(com.companyos.agentapi.peer.ReplicationChange.TOKEN_GRANT, tokenId, sha256, at));
        }
    }

    /** Stores a grant (also as applied by replication on the standby); true if it was new. */
    public boolean store(UUID tenantId, UUID tokenId, String sha256, java.time.Instant at) {
        invalidate();
        return db.insertInto(TENANT_TOKEN)
                .set(TENANT_TOKEN.TOKEN_SHA256, sha256)
                .set(TENANT_TOKEN.TOKEN_ID, tokenId)
                .set(TENANT_TOKEN.TENANT_ID, tenantId)
                .set(TENANT_TOKEN.CREATED_AT, at.atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute() > 0;
    }

    /** Marks a token revoked (also as applied by replication on the standby); true if it was valid until now. */
    public boolean markRevoked(UUID tenantId, UUID tokenId, java.time.Instant at) {
        invalidate();
        return db.update(TENANT_TOKEN).set(TENANT_TOKEN.REVOKED_AT, at.atOffset(ZoneOffset.UTC))
                .where(TENANT_TOKEN.TOKEN_ID.eq(tokenId).and(TENANT_TOKEN.TENANT_ID.eq(tenantId)).and(TENANT_TOKEN.REVOKED_AT.isNull()))
                .execute() > 0;
    }

    /**
     * Tokens travel with the tenant's changes, so its standby can serve the tenant's applications after a failover. A
     * region that does not serve the tenant (a standby the console reached directly) keeps the grant to itself.
     */
    private void replicate(UUID tenantId, ReplicationLog.Change change) {
        db.connection(c -> {
            try {
                replication.append(c, tenantId, null, change);
            } catch (FencedException notServingHere) {
                // not the active region: nothing to ship from here
            }
        });
    }

    @Transactional
    public void revoke(UUID tenantId, UUID tokenId) {
        var at = clock.instant().atOffset(ZoneOffset.UTC);
        if (markRevoked(tenantId, tokenId, at.toInstant())) {
            replicate(tenantId, ReplicationLog.Change.token(com.companyos.agentapi.peer.ReplicationChange.TOKEN_REVOKE, tokenId, null, at));
        }
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
