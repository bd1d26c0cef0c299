package com.companyos.agent.api;

import com.companyos.agent.AgentSettings;
import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.TrafficSplit;
import com.companyos.pki.TlsClients;
import com.companyos.pki.TlsIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

/**
 * Sends a tenant request the router gave to the canary on to the canary process of this region (its data port, server
 * TLS with the region's own identity, so the canary is proven to be this region's agent) and copies its answer back,
 * status, headers and body, streamed both ways. The canary serves the request entirely — gate, policy, write, receipt —
 * so a write is done by exactly one version. The client's address and the split's key go along, so the canary counts
 * refusals per client.
 *
 * <p>A canary that cannot be connected to has not seen the request: it is then served here ({@link NotReached}), and
 * counted as a canary failure. Once the request was sent, its outcome is the canary's: a timeout is answered 504, never
 * retried here (the write may have happened there).
 */
@Component
class CanaryForwarder {

    static final String FORWARDED_FOR = "X-CompanyOS-Forwarded-For";
    static final String FORWARD_KEY = "X-CompanyOS-Forward-Key";
    /** Headers that belong to one connection (RFC 9110 7.6.1), or that the JDK client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "host", "content-length", "expect", FORWARDED_FOR.toLowerCase(Locale.ROOT),
            FORWARD_KEY.toLowerCase(Locale.ROOT));
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;

    CanaryForwarder(TlsIdentity identity, AgentSettings settings) {
        this.http = TlsClients.mutual(identity, settings.identity(), Duration.ofSeconds(2));
    }

    /** The canary could not be connected to; nothing reached it. */
    static final class NotReached extends Exception {
        NotReached(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    void forward(HttpServletRequest request, HttpServletResponse response, TrafficSplit split) throws IOException, NotReached {
        String query = request.getQueryString();
        URI target = URI.create(split.canaryDataUrl().replaceAll("/+$", "") + request.getRequestURI() + (query == null ? "" : "?" + query));
        long length = request.getContentLengthLong();
        HttpRequest.BodyPublisher body;
        if (length == 0 || "GET".equals(request.getMethod()) && length < 0) {
            body = HttpRequest.BodyPublishers.noBody();
        } else {
            InputStream in = request.getInputStream();
            body = length > 0 ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> in), length)
                    : HttpRequest.BodyPublishers.ofInputStream(() -> in);
        }
        HttpRequest.Builder out = HttpRequest.newBuilder(target).timeout(TIMEOUT).method(request.getMethod(), body);
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                    out.header(name, values.nextElement());
                }
            }
        }
        out.header(FORWARDED_FOR, request.getRemoteAddr());
        if (split.forwardKey() != null) {
            out.header(FORWARD_KEY, split.forwardKey());
        }
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new NotReached(e);
        } catch (HttpTimeoutException e) {
            if (e instanceof java.net.http.HttpConnectTimeoutException) {
                throw new NotReached(e);
            }
            response.setStatus(HttpServletResponse.SC_GATEWAY_TIMEOUT);
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"status\":504,\"title\":\"Gateway Timeout\",\"detail\":\"The canary release did not answer within "
                    + TIMEOUT.toSeconds() + " s; the request may have been done there: read it back before you retry\"}");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while forwarding to the canary", e);
        }
        response.setStatus(answer.statusCode());
        // The canary's own X-Release replaces the one this process set for itself.
        response.setHeader(AgentPaths.RELEASE_HEADER, answer.headers().firstValue(AgentPaths.RELEASE_HEADER).orElse(split.canaryRelease()));
        answer.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")
                    && !name.equalsIgnoreCase(AgentPaths.RELEASE_HEADER)) {
                values.forEach(v -> response.addHeader(name, v));
            }
        });
        try (InputStream in = answer.body(); OutputStream os = response.getOutputStream()) {
            in.transferTo(os);
        }
    }
}
