package com.companyos.dr.internal;

import com.companyos.base.RegionId;
import com.companyos.regions.LocalAgentSupervisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The embedded default: the console launched the agent processes, so a drill kills one for real (SIGKILL). A console
 * that launches no agents (production, or one of several consoles) supports no region here.
 */
@Component
class LocalProcessOutage implements RegionOutage {

    private final ObjectProvider<LocalAgentSupervisor> supervisor;

    LocalProcessOutage(ObjectProvider<LocalAgentSupervisor> supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public boolean supports(RegionId region) {
        LocalAgentSupervisor s = supervisor.getIfAvailable();
        return s != null && s.manages(region);
    }

    @Override
    public void kill(RegionId region) {
        supervisor.getObject().kill(region);
    }

    @Override
    public void restore(RegionId region) {
        supervisor.getObject().restart(region);
    }
}
