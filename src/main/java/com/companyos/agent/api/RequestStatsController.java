package com.companyos.agent.api;

import com.companyos.agent.runtime.PeerIdentityFilter;
import com.companyos.agent.traffic.FaultInjection;
import com.companyos.agent.traffic.RequestMeter;
import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.FaultConfig;
import com.companyos.agentapi.control.RequestStats;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The control plane's view of this agent's governed data API (control port, control-plane identity only): the
 * cumulative request counters its SLOs are computed from, and the injected faults (changed only when the agent's
 * configuration allows runtime control; the console audits who changed them).
 */
@RestController
class RequestStatsController {

    private final RequestMeter meter;
    private final FaultInjection faults;

    RequestStatsController(RequestMeter meter, FaultInjection faults) {
        this.meter = meter;
        this.faults = faults;
    }

    @GetMapping(AgentPaths.REQUEST_STATS)
    RequestStats stats(HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return meter.snapshot();
    }

    @GetMapping(AgentPaths.FAULTS)
    FaultConfig faults(HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return faults.current();
    }

    @PutMapping(AgentPaths.FAULTS)
    FaultConfig change(HttpServletRequest request, @RequestBody FaultConfig requested) {
        PeerIdentityFilter.requireControlPlane(request);
        try {
            return faults.change(requested);
        } catch (FaultInjection.RuntimeControlOffException e) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, e.getMessage());
        }
    }
}
