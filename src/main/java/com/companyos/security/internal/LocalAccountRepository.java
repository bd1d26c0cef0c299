package com.companyos.security.internal;

import com.companyos.base.Role;
import com.companyos.db.tables.records.AppUserRecord;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.companyos.db.Tables.APP_USER;

/** jOOQ access to {@code app_user}. */
@Repository
public class LocalAccountRepository {

    private final DSLContext db;

    public LocalAccountRepository(DSLContext db) {
        this.db = db;
    }

    public Optional<AppUserRecord> findByUsername(String username) {
        return db.selectFrom(APP_USER).where(APP_USER.USERNAME.eq(username)).fetchOptional();
    }

    /** Binds the pending customer accounts naming {@code slug} (created before any tenant held it) to tenant {@code id}. */
    public List<String> bindPending(UUID tenantId, String slug) {
        return db.update(APP_USER).set(APP_USER.TENANT_ID, tenantId)
                .where(APP_USER.ROLE.eq(Role.CUSTOMER.name()).and(APP_USER.TENANT_ID.isNull()).and(APP_USER.TENANT_SLUG.eq(slug))
                        .and(APP_USER.ENABLED.isTrue()))
                .returning(APP_USER.USERNAME).fetch().map(AppUserRecord::getUsername);
    }

    /**
     * Disables the customer accounts of a tenant that is going away: those bound to it and the pending ones naming its
     * slug, so none of them is ever bound to a later tenant with the same slug. Returns the usernames disabled.
     */
    public List<String> disableCustomers(UUID tenantId, String slug, String reason) {
        return db.update(APP_USER).set(APP_USER.ENABLED, false).set(APP_USER.DISABLED_REASON, reason)
                .where(APP_USER.ROLE.eq(Role.CUSTOMER.name()).and(APP_USER.ENABLED.isTrue())
                        .and(APP_USER.TENANT_ID.eq(tenantId).or(APP_USER.TENANT_ID.isNull().and(APP_USER.TENANT_SLUG.eq(slug)))))
                .returning(APP_USER.USERNAME).fetch().map(AppUserRecord::getUsername);
    }

    public int count() {
        return db.fetchCount(APP_USER);
    }

    public UUID insert(String username, String displayName, String email, String passwordHash, Role role, UUID tenantId,
                       String tenant, Instant now) {
        UUID id = UUID.randomUUID();
        db.insertInto(APP_USER)
                .set(APP_USER.USER_ID, id)
                .set(APP_USER.USERNAME, username)
                .set(APP_USER.DISPLAY_NAME, displayName)
                .set(APP_USER.EMAIL, email)
                .set(APP_USER.PASSWORD_HASH, passwordHash)
                .set(APP_USER.ROLE, role.name())
                .set(APP_USER.TENANT_ID, tenantId)
                .set(APP_USER.TENANT_SLUG, tenant)
                .set(APP_USER.CREATED_AT, now.atOffset(ZoneOffset.UTC))
                .execute();
        return id;
    }

    public void setPassword(String username, String passwordHash) {
        db.update(APP_USER).set(APP_USER.PASSWORD_HASH, passwordHash).where(APP_USER.USERNAME.eq(username)).execute();
    }

    /** Enables or disables an account; false if it does not exist or already was so. */
    public boolean setEnabled(String username, boolean enabled, String reason) {
        return db.update(APP_USER).set(APP_USER.ENABLED, enabled).set(APP_USER.DISABLED_REASON, enabled ? null : reason)
                .where(APP_USER.USERNAME.eq(username).and(APP_USER.ENABLED.ne(enabled))).execute() == 1;
    }
}
