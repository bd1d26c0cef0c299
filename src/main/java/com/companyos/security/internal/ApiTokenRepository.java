package com.companyos.security.internal;

import com.companyos.db.tables.records.ApiTokenRecord;
import com.companyos.security.ApiToken;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.db.Tables.API_TOKEN;

/** jOOQ access to {@code api_token}. */
@Repository
public class ApiTokenRepository {

    private final DSLContext db;

    public ApiTokenRepository(DSLContext db) {
        this.db = db;
    }

    public void insert(UUID id, String owner, String name, String prefix, String sha256, String roles, UUID tenantId,
                       String tenant, Instant now, Instant expiresAt) {
        db.insertInto(API_TOKEN).set(API_TOKEN.TOKEN_ID, id).set(API_TOKEN.OWNER, owner).set(API_TOKEN.NAME, name)
                .set(API_TOKEN.TOKEN_PREFIX, prefix).set(API_TOKEN.TOKEN_SHA256, sha256).set(API_TOKEN.ROLES, roles)
                .set(API_TOKEN.TENANT_ID, tenantId).set(API_TOKEN.TENANT_SLUG, tenant).set(API_TOKEN.CREATED_AT, at(now)).set(API_TOKEN.EXPIRES_AT, at(expiresAt))
                .execute();
    }

    public Optional<ApiTokenRecord> findBySha256(String sha256) {
        return db.selectFrom(API_TOKEN).where(API_TOKEN.TOKEN_SHA256.eq(sha256)).fetchOptional();
    }

    public List<ApiToken> byOwner(String owner) {
        return db.selectFrom(API_TOKEN).where(API_TOKEN.OWNER.eq(owner)).orderBy(API_TOKEN.CREATED_AT.desc()).fetch()
                .map(r -> new ApiToken(r.getTokenId(), r.getName(), r.getTokenPrefix(), r.getCreatedAt().toInstant(),
                        r.getExpiresAt().toInstant(), instant(r.getRevokedAt()), instant(r.getLastUsedAt())));
    }

    public boolean revoke(UUID id, String owner, Instant now) {
        return db.update(API_TOKEN).set(API_TOKEN.REVOKED_AT, at(now))
                .where(API_TOKEN.TOKEN_ID.eq(id).and(API_TOKEN.OWNER.eq(owner)).and(API_TOKEN.REVOKED_AT.isNull())).execute() == 1;
    }

    /** Revokes every unrevoked token of the customers of a tenant that is going away; returns the token IDs. */
    public List<UUID> revokeForTenant(UUID tenantId, String slug, Instant now) {
        return db.update(API_TOKEN).set(API_TOKEN.REVOKED_AT, at(now))
                .where(API_TOKEN.REVOKED_AT.isNull().and(API_TOKEN.TENANT_ID.eq(tenantId)
                        .or(API_TOKEN.TENANT_ID.isNull().and(API_TOKEN.TENANT_SLUG.eq(slug)))))
                .returning(API_TOKEN.TOKEN_ID).fetch().map(r -> r.getTokenId());
    }

    public void touch(UUID id, Instant now) {
        db.update(API_TOKEN).set(API_TOKEN.LAST_USED_AT, at(now))
                .where(API_TOKEN.TOKEN_ID.eq(id).and(API_TOKEN.LAST_USED_AT.isNull().or(API_TOKEN.LAST_USED_AT.lt(at(now.minusSeconds(60))))))
                .execute();
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime at(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }
}
