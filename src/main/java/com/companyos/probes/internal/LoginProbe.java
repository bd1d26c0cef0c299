package com.companyos.probes.internal;

import com.companyos.base.Role;
import com.companyos.probes.ProbeKind;
import com.companyos.probes.ProbeSettings;
import com.companyos.security.LocalAccountService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sign-in path, as a person's browser walks it over HTTP: load the sign-in page, post the synthetic account's
 * credentials to the login form, and load the console's start page with the session that gave — which must answer
 * the page, not send the browser back to sign in. The account ({@value #ACCOUNT}, executive: it reads, never
 * changes anything) is a local account whose password only this console holds, in memory: a console without one sets
 * a new one. A disabled (revoked) account is never enabled again by the probe; its sign-in fails and so does the
 * probe. With single sign-on (OIDC, the Keycloak profile) on, the probe also walks it: the console's SSO link, the
 * identity provider's sign-in form with its synthetic account ({@code companyos.probes.oidc-username/-password}),
 * back to the console with the code, and the start page. SSO on without that account configured is a probe error:
 * the path cannot be checked, which the platform owner must hear about.
 */
@Component
class LoginProbe implements Probe {

    static final String ACCOUNT = "probe-login";
    private static final Pattern CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    static final String OIDC_REGISTRATION = "keycloak";
    private static final Pattern KC_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"|<form[^>]*action=\"([^\"]+)\"[^>]*id=\"kc-form-login\"");

    private final LocalAccountService accounts;
    private final PagePayloads addresses;
    private final ConsoleVersion version;
    private final ObjectProvider<ClientRegistrationRepository> oidc;
    private final ProbeSettings settings;
    private volatile String password;

    LoginProbe(LocalAccountService accounts, PagePayloads addresses, ConsoleVersion version, ObjectProvider<ClientRegistrationRepository> oidc,
               ProbeSettings settings) {
        this.accounts = accounts;
        this.addresses = addresses;
        this.version = version;
        this.oidc = oidc;
        this.settings = settings;
    }

    @Override
    public ProbeKind kind() {
        return ProbeKind.LOGIN;
    }

    @Override
    public void attempt(ProbeAttempt a) throws Exception {
        long t0 = System.nanoTime();
        if (password == null) {
            String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes());
            accounts.ensureSynthetic(ACCOUNT, "Synthetic login probe", Role.EXECUTIVE, fresh);
            password = fresh;
        }
        URI base = URI.create(addresses.consoleUrl() + "/");
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String release = version.release();

        HttpResponse<String> page = get(a, http, base.resolve("login"), "load sign-in page", t0);
        if (page.statusCode() != 200) {
            throw a.failed("load sign-in page", t0, release, "HTTP " + page.statusCode());
        }
        a.ok("load sign-in page", t0, release, "HTTP 200");

        t0 = System.nanoTime();
        StringBuilder form = new StringBuilder("username=").append(enc(ACCOUNT)).append("&password=").append(enc(password));
        Matcher csrf = CSRF.matcher(page.body());
        if (csrf.find()) {
            form.append("&_csrf=").append(enc(csrf.group(1)));
        }
        HttpResponse<String> signIn = send(a, http, HttpRequest.newBuilder(base.resolve("login")).timeout(a.remaining().plusMillis(1))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), "sign in", t0);
        Optional<String> to = signIn.headers().firstValue("Location");
        if (signIn.statusCode() / 100 != 3 || to.isEmpty() || to.get().contains("error")) {
            // The password this console held may have been replaced by another console: set a new one, once.
            password = null;
            throw a.failed("sign in", t0, release, "the sign-in was refused (HTTP " + signIn.statusCode() + to.map(l -> " → " + l).orElse("")
                    + "): the synthetic account " + ACCOUNT + " is disabled, or sign-in is broken");
        }
        a.ok("sign in", t0, release, "signed in as " + ACCOUNT);

        t0 = System.nanoTime();
        HttpResponse<String> start = get(a, http, base, "load start page", t0);
        String location = start.headers().firstValue("Location").orElse("");
        if (start.statusCode() != 200 || start.body() == null || start.body().isBlank()) {
            throw a.failed("load start page", t0, release, "HTTP " + start.statusCode() + (location.isEmpty() ? "" : " → " + location)
                    + ": the session from signing in did not open the console");
        }
        a.ok("load start page", t0, release, "HTTP 200, " + start.body().length() + " bytes");

        ClientRegistrationRepository registrations = oidc.getIfAvailable();
        if (registrations != null && registrations.findByRegistrationId(OIDC_REGISTRATION) != null) {
            singleSignOn(a, base, release);
        }
    }

    /** The single sign-on walk, in a browser session of its own. */
    private void singleSignOn(ProbeAttempt a, URI base, String release) throws PathFailure, InterruptedException {
        if (settings.oidcUsername().isBlank() || settings.oidcPassword().isBlank()) {
            throw new IllegalStateException("Single sign-on is on but the login probe has no identity-provider account: set "
                    + "COMPANYOS_PROBES_OIDC_USERNAME and COMPANYOS_PROBES_OIDC_PASSWORD");
        }
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long t0 = System.nanoTime();
        HttpResponse<String> start = get(a, http, base.resolve("oauth2/authorization/" + OIDC_REGISTRATION), "sso: to the identity provider", t0);
        Optional<String> provider = start.headers().firstValue("Location");
        if (start.statusCode() / 100 != 3 || provider.isEmpty()) {
            throw a.failed("sso: to the identity provider", t0, release, "the console did not redirect to the identity provider (HTTP "
                    + start.statusCode() + ")");
        }
        HttpResponse<String> form = get(a, http, base.resolve(provider.get()), "sso: to the identity provider", t0);
        Matcher action = KC_FORM.matcher(form.body() == null ? "" : form.body());
        if (form.statusCode() != 200 || !action.find()) {
            throw a.failed("sso: to the identity provider", t0, null, "the identity provider's sign-in form did not load (HTTP "
                    + form.statusCode() + " at " + base.resolve(provider.get()).getHost() + ")");
        }
        a.ok("sso: to the identity provider", t0, null, "sign-in form of " + base.resolve(provider.get()).getHost());

        t0 = System.nanoTime();
        String target = (action.group(1) != null ? action.group(1) : action.group(2)).replace("&amp;", "&");
        // The identity provider's session cookies go back by hand: Java's cookie store drops some (Secure, SameSite=None
        // on plain HTTP in a development realm), where a browser would send them.
        String cookies = String.join("; ", form.headers().allValues("Set-Cookie").stream()
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).toList());
        HttpRequest.Builder post = HttpRequest.newBuilder(base.resolve(provider.get()).resolve(target))
                .timeout(a.remaining().plusMillis(1)).header("Content-Type", "application/x-www-form-urlencoded");
        if (!cookies.isEmpty()) {
            post.header("Cookie", cookies);
        }
        HttpResponse<String> posted = send(a, http, post
                .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(settings.oidcUsername()) + "&password="
                        + enc(settings.oidcPassword()) + "&credentialId=")).build(), "sso: sign in", t0);
        Optional<String> back = posted.headers().firstValue("Location");
        if (posted.statusCode() / 100 != 3 || back.isEmpty() || !back.get().contains("code=")) {
            throw a.failed("sso: sign in", t0, null, "the identity provider refused " + settings.oidcUsername() + " (HTTP " + posted.statusCode()
                    + "): the account is disabled, its password changed, or the provider is broken");
        }
        a.ok("sso: sign in", t0, null, "signed in as " + settings.oidcUsername());

        t0 = System.nanoTime();
        HttpResponse<String> code = get(a, http, URI.create(back.get()), "sso: back in the console", t0);
        Optional<String> landing = code.headers().firstValue("Location");
        if (code.statusCode() / 100 != 3 || landing.isEmpty() || landing.get().contains("error")) {
            throw a.failed("sso: back in the console", t0, release, "the console did not accept the identity provider's answer (HTTP "
                    + code.statusCode() + landing.map(l -> " → " + l).orElse("") + ")");
        }
        HttpResponse<String> page = get(a, http, base.resolve(landing.get()), "sso: back in the console", t0);
        if (page.statusCode() != 200) {
            throw a.failed("sso: back in the console", t0, release, "HTTP " + page.statusCode() + " for the start page after single sign-on");
        }
        a.ok("sso: back in the console", t0, release, "HTTP 200 after single sign-on");
    }

    private static byte[] bytes() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return b;
    }

    private static HttpResponse<String> get(ProbeAttempt a, HttpClient http, URI uri, String step, long t0) throws PathFailure, InterruptedException {
        return send(a, http, HttpRequest.newBuilder(uri).timeout(a.remaining().plusMillis(1)).GET().build(), step, t0);
    }

    private static HttpResponse<String> send(ProbeAttempt a, HttpClient http, HttpRequest request, String step, long t0)
            throws PathFailure, InterruptedException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw a.failed(step, t0, null, "the console did not answer at " + request.uri() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
