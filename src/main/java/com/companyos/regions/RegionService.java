package com.companyos.regions;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.RegionId;
import com.companyos.base.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.function.Consumer;

/** What people may see and do with regions. Views call this, never the monitor or supervisor directly. */
@Service
public class RegionService {

    private final RegionHealthMonitor monitor;
    private final ObjectProvider<LocalAgentSupervisor> supervisor;
    private final EvidenceRecorder evidence;

    RegionService(RegionHealthMonitor monitor, ObjectProvider<LocalAgentSupervisor> supervisor, EvidenceRecorder evidence) {
        this.monitor = monitor;
        this.supervisor = supervisor;
        this.evidence = evidence;
    }

    @PreAuthorize(Roles.ANY_STAFF)
    public List<RegionStatus> statuses() {
        return monitor.statuses();
    }

    /** Live updates for a view; the returned action unsubscribes. */
    @PreAuthorize(Roles.ANY_STAFF)
    public Runnable subscribe(Consumer<RegionStatus> subscriber) {
        return monitor.subscribe(subscriber);
    }

    /** Whether this console runs the agents itself (embedded default), so they can be restarted from here. */
    public boolean runsLocalAgents() {
        return supervisor.getIfAvailable() != null;
    }

    @PreAuthorize(Roles.OPERATORS)
    @Transactional
    public void restartLocalAgent(RegionId region, String reason) {
        LocalAgentSupervisor local = supervisor.getIfAvailable();
        if (local == null || !local.manages(region)) {
            throw new IllegalStateException("The " + region + " agent is not run by this console; restart it where it is deployed.");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Say why the agent is restarted");
        }
        evidence.record(AuditEvent.of("region.agent-restart-requested", "region:" + region).reason(reason.trim()));
        local.restart(region);
    }
}
