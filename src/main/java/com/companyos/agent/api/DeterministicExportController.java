package com.companyos.agent.api;

import com.companyos.agent.decisions.DeterministicExports;
import com.companyos.agent.runtime.PeerIdentityFilter;
import com.companyos.agent.tenancy.TenantLookup;
import com.companyos.agent.traffic.ReleaseTraffic;
import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.DeterministicExport;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;

/**
 * For the control plane's release gates (mutual TLS, control plane only, read-only): the SHA-256 of this agent's
 * deterministic export files for a tenant and a period, so a canary and the stable release can be compared.
 */
@RestController
class DeterministicExportController {

    private static final Duration MAX_PERIOD = Duration.ofDays(31);

    private final DeterministicExports exports;
    private final TenantLookup tenants;
    private final ReleaseTraffic traffic;

    DeterministicExportController(DeterministicExports exports, TenantLookup tenants, ReleaseTraffic traffic) {
        this.exports = exports;
        this.tenants = tenants;
        this.traffic = traffic;
    }

    @GetMapping(AgentPaths.DETERMINISTIC_EXPORT)
    DeterministicExport export(@RequestParam String tenant, @RequestParam Instant from, @RequestParam Instant to,
                               HttpServletRequest request) throws IOException {
        PeerIdentityFilter.requireControlPlane(request);
        if (!from.isBefore(to) || Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("A period needs from before to, at most " + MAX_PERIOD.toDays() + " days");
        }
        var ref = tenants.bySlug(tenant).orElseThrow(() -> new NoSuchElementException("No tenant " + tenant + " known here"));
        return exports.export(ref, from, to, traffic.release());
    }
}
