package com.companyos.agent.api;

import com.companyos.agent.runtime.AgentHealthService;
import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.AgentHealth;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Health, version, active database and certificate expiry of this agent. 503 when its database is unreachable. */
@RestController
class HealthController {

    private final AgentHealthService health;

    HealthController(AgentHealthService health) {
        this.health = health;
    }

    @GetMapping(AgentPaths.HEALTH)
    ResponseEntity<AgentHealth> health() {
        AgentHealth report = health.report();
        return ResponseEntity.status(AgentHealth.UP.equals(report.status()) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(report);
    }
}
