package com.companyos.agent.api;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.traffic.FaultInjection;
import com.companyos.agent.traffic.RequestMeter;
import com.companyos.agentapi.control.FaultConfig;
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
 * The outermost filter of the data port: counts every governed request (a path the door's parser names, whatever the
 * answer: 401, 421 and 429 included) by its final status, and each governed write's latency as the client sees it, into
 * the {@link RequestMeter} — one place, so no endpoint counts twice or forgets to. It also injects the configured
 * faults ({@link FaultInjection}) before the door: an injected failure is a real 500 on the wire, counted like any
 * other, and added latency is part of the measured latency.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class GovernedRequestMeter extends OncePerRequestFilter {

    static final String FAULT_HEADER = "X-CompanyOS-Fault";

    private final AgentSettings settings;
    private final RequestMeter meter;
    private final FaultInjection faults;

    GovernedRequestMeter(AgentSettings settings, RequestMeter meter, FaultInjection faults) {
        this.settings = settings;
        this.meter = meter;
        this.faults = faults;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getLocalPort() != settings.dataPort();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        DataPortDoor.Target target = DataPortDoor.target(request);
        if (target == null) {
            chain.doFilter(request, response); // not a governed request (the door answers 404)
            return;
        }
        boolean write = "PUT".equals(request.getMethod()) && target.recordKey() != null;
        long started = System.nanoTime();
        int status = HttpStatus.INTERNAL_SERVER_ERROR.value();
        try {
            FaultConfig injected = faults.current();
            if (injected.addedLatencyMillis() > 0) {
                pause(injected.addedLatencyMillis());
            }
            if (faults.failNow(injected)) {
                injectFailure(response);
            } else {
                chain.doFilter(request, response);
            }
            status = response.getStatus();
        } finally {
            // An exception leaving here becomes the container's 500: counted as one.
            meter.answered(status, write, System.nanoTime() - started);
        }
    }

    private static void injectFailure(HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
        response.setHeader(FAULT_HEADER, "injected");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"status\":500,\"title\":\"Internal Server Error\","
                + "\"detail\":\"An injected fault (drill): nothing was done; retry\"}");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
