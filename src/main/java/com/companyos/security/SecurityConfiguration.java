package com.companyos.security;

import com.companyos.base.ActiveTenants;
import com.companyos.security.internal.ApiTokenAuthenticationFilter;
import com.companyos.security.internal.OidcAccountMapper;
import com.companyos.security.ui.LoginView;
import com.vaadin.flow.spring.security.UidlRedirectStrategy;
import com.vaadin.flow.spring.security.VaadinAwareSecurityContextHolderStrategy;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

import java.io.IOException;

/**
 * The console's web security. Vaadin's configurer protects every view by its access annotations on the server (a
 * direct URL to a forbidden view is refused, not just hidden); services are guarded again by method security.
 * Local accounts sign in with a form; when an OIDC client is configured (Keycloak, profile {@code keycloak}), the same
 * login page offers single sign-on and sign-out ends the identity provider's session too.
 */
@Configuration
@EnableWebSecurity
@EnableMethodSecurity
class SecurityConfiguration {

    /**
     * Inside ui.access() for another person's UI (push updates), the security context must be that UI's session's, not
     * the calling thread's: Vaadin's session-aware strategy does that. One instance per JVM: the strategy lives in a
     * static holder, and a second application context in the same JVM (tests) must not swap in another instance under
     * the first context's method security.
     */
    private static final VaadinAwareSecurityContextHolderStrategy CONTEXT_STRATEGY = new VaadinAwareSecurityContextHolderStrategy();

    @Bean(name = "VaadinSecurityContextHolderStrategy")
    static VaadinAwareSecurityContextHolderStrategy securityContextHolderStrategy() {
        SecurityContextHolder.setContextHolderStrategy(CONTEXT_STRATEGY);
        return CONTEXT_STRATEGY;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        // {bcrypt} by default, and the prefix lets stored hashes move to a stronger scheme later.
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The agents' internal API ({@code /internal/**}): authenticated by mutual TLS on its own connector and authorised
     * by {@code InternalApiFilter} before this chain; no sessions, no CSRF, no login.
     */
    @Bean
    @Order(0)
    SecurityFilterChain internalApiSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/internal/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    /**
     * The REST API ({@code /api/**}): stateless, authenticated only by personal API tokens, no sessions, no CSRF (no
     * cookies are accepted), JSON problem answers for 401 and 403. Checked before the console's chain.
     */
    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiTokenService tokens) throws Exception {
        http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new ApiTokenAuthenticationFilter(tokens), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth
                        // Routing (seam 1) also answers tenant applications with a tenant API token; the routing service checks.
                        .requestMatchers(org.springframework.http.HttpMethod.GET, ROUTING_ENDPOINT).permitAll()
                        .anyRequest().hasAnyRole("PLATFORM_ADMIN", "COMPLIANCE_OFFICER", "OPERATOR", "EXECUTIVE"))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> problem(response, 401,
                                "An API token is required: Authorization: Bearer <token> (create one under API tokens in the console)"))
                        .accessDeniedHandler((request, response, ex) -> problem(response, 403, "Your role does not allow this")));
        return http.build();
    }

    /** Where a tenant lives ({@code RoutingService} authorises each caller itself). */
    static final String ROUTING_ENDPOINT = "/api/v1/tenants/*/endpoint";

    /**
     * The routing redirect ({@code /route/<slug>/**}): stateless; personal API tokens are recognised, tenant API tokens
     * are checked by the routing service; never a session or a login page.
     */
    @Bean
    @Order(2)
    SecurityFilterChain routeSecurity(HttpSecurity http, ApiTokenService tokens) throws Exception {
        http.securityMatcher("/route/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new ApiTokenAuthenticationFilter(tokens), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    private static void problem(HttpServletResponse response, int status, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType("application/problem+json");
        if (status == 401) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"companyos\"");
        }
        response.getWriter().write("{\"status\":" + status + ",\"detail\":\"" + detail + "\"}");
    }

    @Bean
    SecurityFilterChain consoleSecurity(HttpSecurity http, ObjectProvider<ClientRegistrationRepository> oidc,
                                        ObjectProvider<ActiveTenants> activeTenants) throws Exception {
        ClientRegistrationRepository registrations = oidc.getIfAvailable();
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/images/**", "/icons/**").permitAll());
        if (registrations != null) {
            http.oauth2Login(login -> login
                    .loginPage(LoginView.PATH)
                    .failureUrl(LoginView.PATH + "?error=oidc")
                    .userInfoEndpoint(userInfo -> userInfo.oidcUserService(
                            new OidcAccountMapper(slug -> activeTenants.getObject().activeId(slug)))));
        }
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin
                .loginView(LoginView.class)
                .logoutSuccessHandler(new ConsoleLogoutSuccess(registrations)));
        return http.build();
    }

    /** Local accounts return to the login page; OIDC accounts also end their session at the identity provider. */
    private static final class ConsoleLogoutSuccess implements LogoutSuccessHandler {

        private final SimpleUrlLogoutSuccessHandler local = new SimpleUrlLogoutSuccessHandler();
        private final OidcClientInitiatedLogoutSuccessHandler oidc;

        ConsoleLogoutSuccess(ClientRegistrationRepository registrations) {
            local.setDefaultTargetUrl(LoginView.PATH + "?logout");
            local.setRedirectStrategy(new UidlRedirectStrategy());
            if (registrations != null) {
                oidc = new OidcClientInitiatedLogoutSuccessHandler(registrations);
                oidc.setPostLogoutRedirectUri("{baseUrl}" + LoginView.PATH + "?logout");
                oidc.setRedirectStrategy(new UidlRedirectStrategy());
            } else {
                oidc = null;
            }
        }

        @Override
        public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response, Authentication auth)
                throws IOException, jakarta.servlet.ServletException {
            if (oidc != null && auth instanceof OAuth2AuthenticationToken) {
                oidc.onLogoutSuccess(request, response, auth);
            } else {
                local.onLogoutSuccess(request, response, auth);
            }
        }
    }
}
