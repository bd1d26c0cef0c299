package com.companyos.dr.internal;

import com.companyos.base.RegionId;
import com.companyos.regions.LocalAgentSupervisor;
import org.springframework.stereotype.Component;

/** The embedded default: the console launched the agent processes, so a drill kills one for real (SIGKILL). */
@Component
class LocalProcessOutage implements RegionOutage {

    private final LocalAgentSupervisor supervisor;

    LocalProcessOutage(LocalAgentSupervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public boolean supports(RegionId region) {
        return supervisor.manages(region);
    }

    @Override
    public void kill(RegionId region) {
        supervisor.kill(region);
    }

    @Override
    public void restore(RegionId region) {
        supervisor.restart(region);
    }
}
