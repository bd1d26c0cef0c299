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

import com.companyos.agent.traffic.ReleaseTraffic;
import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.TrafficSplit;

import java.io.IOException;

/**
 * The outermost filter of the data port: counts every governed request (a path the door's parser names, whatever the
 * answer: 401, 421 and 429 included) by its final status, and each governed write's latency as the client sees it, into
 * the {@link RequestMeter} — one place, so no endpoint counts twice or forgets to. It also injects the configured
 * faults ({@link FaultInjection}) before the door: an injected failure is a real 500 on the wire, counted like any
 * other, and added latency is part of the measured latency.
 *
 * <p>It is also the release router ({@link ReleaseTraffic}): while the control plane splits this region's traffic
 * between the stable release (this process) and a canary, each governed request is routed here — before this
 * process's faults and door, so the canary serves what it was given entirely — and its answer counted on the lane that
 * served it. Every answer names the release that served it ({@code X-Release}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class GovernedRequestMeter extends OncePerRequestFilter {

    static final String FAULT_HEADER = "X-CompanyOS-Fault";

    private final AgentSettings settings;
    private final RequestMeter meter;
    private final FaultInjection faults;
    private final ReleaseTraffic traffic;
    private final CanaryForwarder forwarder;
    private final org.slf4j.Logger trafficLog = org.slf4j.LoggerFactory.getLogger("companyos.traffic");

    GovernedRequestMeter(AgentSettings settings, RequestMeter meter, FaultInjection faults, ReleaseTraffic traffic, CanaryForwarder forwarder) {
        this.traffic = traffic;
        this.forwarder = forwarder;
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
        response.setHeader(AgentPaths.RELEASE_HEADER, traffic.release());
        if (target == null) {
            chain.doFilter(request, response); // not a governed request (the door answers 404)
            return;
        }
        boolean write = "PUT".equals(request.getMethod()) && target.recordKey() != null;
        long started = System.nanoTime();
        int status = HttpStatus.INTERNAL_SERVER_ERROR.value();
        ReleaseTraffic.Route route = traffic.route(target.slug());
        String servedBy = route.lane();
        try {
            if (route.canary() && forwarded(request, response, route)) {
                status = response.getStatus();
                return;
            }
            servedBy = TrafficSplit.STABLE;
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
            long nanos = System.nanoTime() - started;
            meter.answered(status, write, nanos);
            if (route.split() != null) {
                // Every governed request is timed on the lanes, reads too: both lanes get the same mix of tenants and
                // operations, and a read-only workload still gives the canary's latency a sample to be judged by.
                traffic.answered(route, servedBy, status, true, nanos);
                trafficLog.info("{} tenant={} release={} status={} micros={}", target.operation(),
                        target.slug(), response.getHeader(AgentPaths.RELEASE_HEADER), status, nanos / 1000);
            }
        }
    }

    /** Sends the request to the canary; false when the canary could not be reached (then it is served here). */
    private boolean forwarded(HttpServletRequest request, HttpServletResponse response, ReleaseTraffic.Route route) throws IOException {
        TrafficSplit split = traffic.split();
        if (split == null || split.canaryRelease() == null) {
            return false;
        }
        try {
            forwarder.forward(request, response, split);
            return true;
        } catch (CanaryForwarder.NotReached e) {
            traffic.forwardFailed(route);
            trafficLog.warn("The canary {} at {} could not be reached ({}); served by {}", split.canaryRelease(),
                    split.canaryDataUrl(), e.getMessage(), traffic.release());
            return false;
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
