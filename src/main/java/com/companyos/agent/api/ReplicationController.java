package com.companyos.agent.api;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.data.WriteTimings;
import com.companyos.agent.replication.ReplicationEndpoints;
import com.companyos.agent.runtime.PeerIdentityFilter;
import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.ReplicationStatus;
import com.companyos.agentapi.control.RoleChange;
import com.companyos.agentapi.peer.PeerHello;
import com.companyos.agentapi.peer.ReplicationAck;
import com.companyos.agentapi.peer.ReplicationBatch;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

/**
 * Replication on the control port (mutual TLS): batches from the peer region that serves a tenant (region agents
 * only), the tenant's replication state, role changes (control plane only), and the agent's metrics in the Prometheus text
 * format: replication lag, and where governed writes spend their time ({@link WriteTimings}).
 */
@RestController
class ReplicationController {

    private final ReplicationEndpoints replication;
    private final AgentSettings settings;
    private final WriteTimings writeTimings;

    ReplicationController(ReplicationEndpoints replication, AgentSettings settings, WriteTimings writeTimings) {
        this.replication = replication;
        this.settings = settings;
        this.writeTimings = writeTimings;
    }

    @GetMapping(AgentPaths.REPLICATION_HELLO)
    PeerHello hello() {
        return new PeerHello(settings.region().value(), settings.zone().name());
    }

    @PostMapping(AgentPaths.REPLICATION_BATCHES)
    ReplicationAck batch(@PathVariable UUID tenantId, @RequestBody ReplicationBatch batch, HttpServletRequest request) {
        String peer = PeerIdentityFilter.requireRegion(request);
        if (batch == null || batch.changes() == null || !tenantId.toString().equals(batch.tenantId())) {
            throw new IllegalArgumentException("A batch names its tenant (matching the path) and carries a list of changes");
        }
        return replication.apply(batch, peer);
    }

    @GetMapping(AgentPaths.REPLICATION)
    List<ReplicationStatus> all() {
        return replication.all();
    }

    @GetMapping(AgentPaths.TENANT_REPLICATION)
    ResponseEntity<ReplicationStatus> status(@PathVariable UUID tenantId) {
        return ResponseEntity.of(replication.status(tenantId));
    }

    @PostMapping(AgentPaths.TENANT_REPLICATION)
    ReplicationStatus change(@PathVariable UUID tenantId, @RequestBody RoleChange change, HttpServletRequest request) {
        PeerIdentityFilter.requireControlPlane(request);
        if (change == null) {
            throw new IllegalArgumentException("A role change needs role and epoch");
        }
        return replication.change(tenantId, change);
    }

    @GetMapping(value = AgentPaths.METRICS, produces = "text/plain; version=0.0.4")
    String metrics() {
        return replication.prometheus() + writeTimings.prometheus();
    }
}
