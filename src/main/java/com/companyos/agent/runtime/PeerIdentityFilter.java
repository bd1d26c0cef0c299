package com.companyos.agent.runtime;

import com.companyos.agent.AgentSettings;
import com.companyos.pki.SpiffeId;
import com.companyos.pki.TlsPurpose;
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
 * The control port (mutual TLS), deny by default: every request must come with a client certificate from the
 * CompanyOS CA (the TLS connector already refuses a handshake without one) that names the control plane or a region
 * agent. Anything else gets 403. The authenticated peer is put on the request as {@link #PEER} for endpoints that
 * narrow it further. The data port is the data API's door's (agent/api); each port serves only its own API.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PeerIdentityFilter extends OncePerRequestFilter {

    public static final String PEER = PeerIdentityFilter.class.getName() + ".peer";
    private static final Logger log = LoggerFactory.getLogger(PeerIdentityFilter.class);

    private final AgentSettings settings;

    PeerIdentityFilter(AgentSettings settings) {
        this.settings = settings;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getLocalPort() == settings.dataPort();
    }

    /** The control-plane identity, or 403: for endpoints only the console may call (namespaces, tokens). */
    public static void requireControlPlane(HttpServletRequest request) {
        Object peer = request.getAttribute(PEER);
        if (!(peer instanceof SpiffeId id) || !id.isControlPlane()) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.FORBIDDEN,
                    "Only the control plane may call " + request.getRequestURI());
        }
    }

    /** The calling region agent's region, or 403: for endpoints only a peer region may call (replication). */
    public static String requireRegion(HttpServletRequest request) {
        Object peer = request.getAttribute(PEER);
        if (!(peer instanceof SpiffeId id) || id.regionId().isEmpty()) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.FORBIDDEN,
                    "Only a region agent may call " + request.getRequestURI());
        }
        return id.regionId().get().value();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getRequestURI().startsWith(com.companyos.agentapi.AgentPaths.DATA_PREFIX)) {
            response.sendError(HttpStatus.NOT_FOUND.value(), "The data API is served on the data port");
            return;
        }
        X509Certificate[] certs = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
        Optional<SpiffeId> peer = TlsPurpose.clientIdentity(certs); // a signing certificate is no TLS client
        if (peer.isEmpty() || !(peer.get().isControlPlane() || peer.get().regionId().isPresent())) {
            refuse(request, response, "A client certificate with a CompanyOS identity is required");
            return;
        }
        // A Dedicated Compliance Partition talks only to the control plane and to its own agents in other regions; a
        // shared agent only to shared agents. Neither accepts the other's agents (replication never crosses pools).
        if (!peer.get().isControlPlane() && !peer.get().partition().equals(java.util.Optional.ofNullable(settings.partition()))) {
            refuse(request, response, "Agent " + peer.get() + " is not a peer of " + settings.identity());
            return;
        }
        // The API description (springdoc's endpoints, not ours to annotate) is for the control plane's release gates only.
        if (request.getRequestURI().startsWith(com.companyos.agentapi.AgentPaths.OPENAPI) && !peer.get().isControlPlane()) {
            refuse(request, response, "Only the control plane may read " + request.getRequestURI());
            return;
        }
        request.setAttribute(PEER, peer.get());
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        log.warn("Refused {} {} from {}: {}", request.getMethod(), request.getRequestURI(), request.getRemoteAddr(), detail);
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write(com.companyos.base.Json.mapper().writeValueAsString(
                java.util.Map.of("status", 403, "title", "Forbidden", "detail", detail)));
    }
}
