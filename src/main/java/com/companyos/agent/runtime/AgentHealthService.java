package com.companyos.agent.runtime;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.decisions.PolicyHolder;
import com.companyos.agentapi.control.AgentHealth;
import com.companyos.pki.Fingerprints;
import com.companyos.pki.TlsIdentity;
import org.jooq.DSLContext;
import org.jooq.Record3;
import org.springframework.stereotype.Service;

import java.time.Clock;

import static org.jooq.impl.DSL.field;

/** Builds this agent's health report; the database is probed on every call (it is the report's point). */
@Service
public class AgentHealthService {

    private final DSLContext db;
    private final AgentSettings settings;
    private final TlsIdentity identity;
    private final AgentStartRecorder start;
    private final PolicyHolder policies;
    private final Clock clock;
    private final com.companyos.agent.traffic.TrafficSettings release;

    AgentHealthService(DSLContext db, AgentSettings settings, TlsIdentity identity, AgentStartRecorder start,
                       PolicyHolder policies, Clock clock, com.companyos.agent.traffic.TrafficSettings release) {
        this.release = release;
        this.policies = policies;
        this.db = db;
        this.settings = settings;
        this.identity = identity;
        this.start = start;
        this.clock = clock;
    }

    public AgentHealth report() {
        AgentHealth.Database database;
        try {
            Record3<String, String, Boolean> r = db.select(
                            field("current_database()", String.class),
                            field("current_setting('server_version')", String.class),
                            field("pg_is_in_recovery()", Boolean.class))
                    .fetchSingle();
            database = new AgentHealth.Database(r.value1(), "PostgreSQL", r.value2(),
                    Boolean.TRUE.equals(r.value3()) ? "replica" : "primary", true, null);
        } catch (RuntimeException e) {
            database = new AgentHealth.Database(null, "PostgreSQL", null, null, false, e.getMessage());
        }
        var cert = identity.certificate();
        return new AgentHealth(
                settings.region().value(),
                settings.zone().name(),
                database.reachable() ? AgentHealth.UP : AgentHealth.DEGRADED,
                start.version(),
                ProcessHandle.current().pid(),
                start.startedAt(),
                database,
                new AgentHealth.Certificate(identity.spiffeId().uri(), cert.getNotAfter().toInstant(), Fingerprints.sha256(cert)),
                policies.all().stream().map(a -> new AgentHealth.Bundle(a.channel().folder(), a.version(), a.sha256(), a.activatedAt()))
                        .toList(),
                policies.lastRejection().map(r -> new AgentHealth.BundleRejection(r.at(), r.channel(), r.version(), r.sha256(), r.reason()))
                        .orElse(null),
                clock.instant(),
                release.release());
    }
}
