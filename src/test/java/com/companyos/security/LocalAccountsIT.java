package com.companyos.security;

import com.companyos.support.ConsoleIT;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The seeded local accounts sign in over real HTTP against the bcrypt hashes in PostgreSQL. */
class LocalAccountsIT extends ConsoleIT {

    @Test
    void every_seeded_demo_account_can_sign_in() throws Exception {
        for (DemoAccounts.Demo demo : DemoAccounts.ACCOUNTS) {
            HttpResponse<String> response = postLogin(demo.username(), DemoAccounts.PASSWORD);
            assertThat(response.statusCode()).as(demo.username()).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).as(demo.username()).hasValueSatisfying(
                    location -> assertThat(location).doesNotContain("error"));
        }
    }

    @Test
    void a_wrong_password_and_an_unknown_user_are_refused_alike() throws Exception {
        for (String[] attempt : new String[][]{{"admin", "wrong-password"}, {"nobody", DemoAccounts.PASSWORD}}) {
            HttpResponse<String> response = postLogin(attempt[0], attempt[1]);
            assertThat(response.statusCode()).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        }
    }

    private HttpResponse<String> postLogin(String username, String password) throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
