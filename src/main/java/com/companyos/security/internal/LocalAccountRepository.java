package com.companyos.security.internal;

import com.companyos.base.Role;
import com.companyos.db.tables.records.AppUserRecord;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.ZoneOffset;
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

    public int count() {
        return db.fetchCount(APP_USER);
    }

    public UUID insert(String username, String displayName, String email, String passwordHash, Role role, String tenant,
                       Instant now) {
        UUID id = UUID.randomUUID();
        db.insertInto(APP_USER)
                .set(APP_USER.USER_ID, id)
                .set(APP_USER.USERNAME, username)
                .set(APP_USER.DISPLAY_NAME, displayName)
                .set(APP_USER.EMAIL, email)
                .set(APP_USER.PASSWORD_HASH, passwordHash)
                .set(APP_USER.ROLE, role.name())
                .set(APP_USER.TENANT_SLUG, tenant)
                .set(APP_USER.CREATED_AT, now.atOffset(ZoneOffset.UTC))
                .execute();
        return id;
    }
}
