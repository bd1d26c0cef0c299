package com.companyos.security;

import com.companyos.base.Role;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static com.companyos.db.Tables.APP_USER;
import static com.companyos.db.Tables.AUDIT_LOG;
import static org.assertj.core.api.Assertions.assertThat;

/** A personal API token acts with what its owner holds now, not with what the owner held when it was issued. */
class ApiTokenOwnerIT extends ConsoleIT {

    @Autowired
    LocalAccountService accounts;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    DSLContext db;

    private int listTenants(String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/tenants"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void a_token_stops_working_when_its_owner_loses_the_role_or_the_account_is_disabled() throws Exception {
        String owner = "tok-" + UUID.randomUUID().toString().substring(0, 8);
        accounts.create(owner, "Token Owner", owner + "@example.com", "long-enough-pass", Role.OPERATOR, null, null);
        String token = As.user(owner, Role.OPERATOR, () -> tokens.issue("owner test", Duration.ofDays(30))).token();
        assertThat(listTenants(token)).isEqualTo(200);

        // The operator becomes an executive: the token was issued for OPERATOR, which the owner no longer holds.
        db.update(APP_USER).set(APP_USER.ROLE, Role.EXECUTIVE.name()).where(APP_USER.USERNAME.eq(owner)).execute();
        assertThat(listTenants(token)).isEqualTo(401);
        assertThat(db.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("api-token.refused").and(AUDIT_LOG.TARGET.eq("account:" + owner))))
                .isPositive();

        db.update(APP_USER).set(APP_USER.ROLE, Role.OPERATOR.name()).where(APP_USER.USERNAME.eq(owner)).execute();
        assertThat(listTenants(token)).isEqualTo(200);
        db.update(APP_USER).set(APP_USER.ENABLED, false).where(APP_USER.USERNAME.eq(owner)).execute();
        assertThat(listTenants(token)).isEqualTo(401);
    }
}
