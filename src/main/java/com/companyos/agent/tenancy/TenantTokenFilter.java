package com.companyos.agent.tenancy;

import com.companyos.agent.data.DataGate;
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
 * The data port serves only the tenant data API ({@code /data/v1/tenants/**}); everything else there is 404. Who may
 * call it is decided per request by the {@link DataGate} (ingress first, then the tenant API token).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class TenantTokenFilter extends OncePerRequestFilter {

    private final AgentSettings settings;

    TenantTokenFilter(AgentSettings settings) {
        this.settings = settings;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getLocalPort() != settings.dataPort();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!request.getRequestURI().startsWith(AgentPaths.DATA_PREFIX + "/tenants/")) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"status\":404,\"title\":\"Not Found\",\"detail\":\"Only the tenant data API is served on this port\"}");
            return;
        }
        chain.doFilter(request, response);
    }
}
