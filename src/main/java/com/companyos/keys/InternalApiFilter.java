package com.companyos.keys;

import com.companyos.pki.SpiffeId;
import com.companyos.pki.TlsPurpose;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Deny by default on the internal API: only {@code /internal/**}, only on the internal port, only for a client
 * certificate that names a region agent. The region is put on the request as {@link #REGION}. On the public port,
 * {@code /internal/**} does not exist.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InternalApiFilter extends OncePerRequestFilter {

    public static final String REGION = "companyos.internal.region";

    private final InternalApiSettings settings;

    InternalApiFilter(InternalApiSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean internalPort = settings.port() > 0 && request.getLocalPort() == settings.port();
        boolean internalPath = request.getRequestURI().startsWith("/internal/");
        if (internalPort != internalPath) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (internalPort) {
            X509Certificate[] certs = (X509Certificate[]) request.getAttribute("jakarta.servlet.request.X509Certificate");
            Optional<SpiffeId> peer = TlsPurpose.clientIdentity(certs); // a signing certificate is no TLS client
            if (peer.isEmpty() || peer.get().regionId().isEmpty()) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN, "Only region agents may call the internal API");
                return;
            }
            request.setAttribute(REGION, peer.get().regionId().get());
        }
        chain.doFilter(request, response);
    }
}
