package com.companyos.agent.internal;

import com.companyos.agent.AgentSettings;
import com.companyos.agentapi.AgentPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The data port, deny by default: only the tenant data API is served here, and only to a request carrying a valid,
 * unrevoked tenant API token ({@code Authorization: Bearer …}). The tenant it authenticates is put on the request as
 * {@link #TENANT}; a request never chooses its tenant itself.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class TenantTokenFilter extends OncePerRequestFilter {

    public static final String TENANT = "companyos.agent.tenant";

    private final AgentSettings settings;
    private final TenantTokens tokens;

    TenantTokenFilter(AgentSettings settings, TenantTokens tokens) {
        this.settings = settings;
        this.tokens = tokens;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getLocalPort() != settings.dataPort();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!request.getRequestURI().startsWith(AgentPaths.DATA_PREFIX + "/")) {
            refuse(response, HttpStatus.NOT_FOUND, "Not Found", "Only the tenant data API is served on this port");
            return;
        }
        String header = request.getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7) : null;
        var tenant = tokens.authenticate(token);
        if (tenant.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"companyos-data\"");
            refuse(response, HttpStatus.UNAUTHORIZED, "Unauthorized", token == null
                    ? "A tenant API token is required (Authorization: Bearer <token>)"
                    : "The tenant API token is unknown or revoked");
            return;
        }
        request.setAttribute(TENANT, tenant.get());
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletResponse response, HttpStatus status, String title, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"status\":" + status.value() + ",\"title\":\"" + title + "\",\"detail\":\"" + detail + "\"}");
    }
}
