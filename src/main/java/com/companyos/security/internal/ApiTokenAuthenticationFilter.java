package com.companyos.security.internal;

import com.companyos.security.ApiTokenPrincipal;
import com.companyos.security.ApiTokenService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/** Authenticates {@code Authorization: Bearer cop_…} on the REST API. No token or a bad one: no authentication (→ 401). */
public class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

    private final ApiTokenService tokens;

    public ApiTokenAuthenticationFilter(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            Optional<ApiTokenPrincipal> principal = tokens.authenticate(header.substring(7).trim());
            principal.ifPresent(p -> SecurityContextHolder.getContext().setAuthentication(new TokenAuthentication(p)));
        }
        chain.doFilter(request, response);
    }

    /** An authenticated API-token caller. */
    static final class TokenAuthentication extends AbstractAuthenticationToken {
        private final ApiTokenPrincipal principal;

        TokenAuthentication(ApiTokenPrincipal principal) {
            super(principal.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList());
            this.principal = principal;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return principal;
        }

        @Override
        public String getName() {
            return principal.username();
        }
    }
}
