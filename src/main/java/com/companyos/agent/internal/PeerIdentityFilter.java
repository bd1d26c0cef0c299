package com.companyos.agent.internal;

import com.companyos.pki.SpiffeId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Deny by default: every request must come with a client certificate from the CompanyOS CA (the TLS connector
 * already refuses a handshake without one) that names the control plane or a region agent. Anything else gets 403.
 * The authenticated peer is put on the request as {@link #PEER} for endpoints that narrow it further.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class PeerIdentityFilter extends OncePerRequestFilter {

    static final String PEER = PeerIdentityFilter.class.getName() + ".peer";
    private static final Logger log = LoggerFactory.getLogger(PeerIdentityFilter.class);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        X509Certificate[] certs = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
        Optional<SpiffeId> peer = certs == null || certs.length == 0 ? Optional.empty() : SpiffeId.of(certs[0]);
        if (peer.isEmpty() || !(peer.get().isControlPlane() || peer.get().regionId().isPresent())) {
            log.warn("Refused {} {} from {}: no CompanyOS peer identity", request.getMethod(), request.getRequestURI(),
                    request.getRemoteAddr());
            response.setStatus(HttpStatus.FORBIDDEN.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"status\":403,\"title\":\"Forbidden\","
                    + "\"detail\":\"A client certificate with a CompanyOS identity is required\"}");
            return;
        }
        request.setAttribute(PEER, peer.get());
        chain.doFilter(request, response);
    }
}
