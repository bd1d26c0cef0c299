package com.companyos.agent.api;

import com.companyos.agent.runtime.PeerIdentityFilter;
import com.companyos.agent.traffic.ReleaseTraffic;
import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.TrafficSplit;
import com.companyos.agentapi.control.TrafficState;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The control plane sets how this region's data port splits tenant requests between releases, and reads what each
 * lane served (control port, control-plane identity only).
 */
@RestController
class TrafficController {

    private final ReleaseTraffic traffic;

    TrafficController(ReleaseTraffic traffic) {
        this.traffic = traffic;
    }

    @GetMapping(AgentPaths.TRAFFIC)
    TrafficState state(HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        return traffic.state();
    }

    @PutMapping(AgentPaths.TRAFFIC)
    TrafficState change(HttpServletRequest request, @RequestBody TrafficSplit split) {
        PeerIdentityFilter.requireControlPlane(request);
        try {
            return traffic.change(split);
        } catch (ReleaseTraffic.StaleSplitException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }
}
