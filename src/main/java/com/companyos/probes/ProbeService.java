package com.companyos.probes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Probes, their runs and incidents, owners and maintenance windows. Staff read everything; operators (and platform
 * admins) change probes, owners and windows and run probes on demand; whoever is on call — operators, platform admins,
 * compliance officers — acknowledges and resolves incidents. Every change is audited.
 */
public interface ProbeService {

    List<ProbeDefinition> probes();

    ProbeDefinition probe(String name);

    /** Creates or changes a probe (validated; its owner must exist); its places follow its regions. */
    ProbeDefinition save(ProbeDefinition probe, String reason);

    /** The places a probe runs in and when each runs next. */
    List<Scheduled> schedule(String probe);

    record Scheduled(String place, Instant nextRunAt) {
    }

    /** Runs a probe in one place now and returns the run (409 while a console is running it there). */
    ProbeRun runNow(String probe, String place, String reason);

    ProbeRun run(UUID id);

    /** Runs that started in [from, to), oldest first (at most 5,000, the newest); {@code probe} null for all. */
    List<ProbeRun> runs(Instant from, Instant to, String probe);

    /** The latest runs of a probe in a place, newest first. */
    List<ProbeRun> latest(String probe, String place, int limit);

    List<ProbeIncident> incidents(boolean unresolvedOnly);

    ProbeIncident incident(UUID id);

    List<ProbePage> pages(UUID incident);

    /** Stops the escalation: the person on call has it. */
    ProbeIncident acknowledge(UUID incident);

    /** Resolves an incident by hand (the probe would resolve it when it recovers); a reason is required. */
    ProbeIncident resolve(UUID incident, String reason);

    List<ProbeOwner> owners();

    ProbeOwner saveOwner(ProbeOwner owner, String reason);

    void deleteOwner(String name, String reason);

    /** Maintenance windows that have not ended, soonest first. */
    List<MaintenanceWindow> maintenance();

    MaintenanceWindow startMaintenance(String probe, String place, Instant startsAt, Instant endsAt, String reason);

    MaintenanceWindow cancelMaintenance(UUID id, String reason);
}
