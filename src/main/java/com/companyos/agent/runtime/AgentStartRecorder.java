package com.companyos.agent.runtime;

import com.companyos.agent.AgentSettings;
import org.jooq.DSLContext;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import static com.companyos.agent.db.Tables.AGENT_START;

/**
 * Records this start in the regional database before the agent serves anything. The database refuses a start for a
 * different region (trigger {@code agent_start_region_guard}), which stops a misconfigured agent here.
 */
@Component
class AgentStartRecorder implements InitializingBean {

    private final DSLContext db;
    private final AgentSettings settings;
    private final Clock clock;
    private final String version;
    private Instant startedAt;

    AgentStartRecorder(DSLContext db, AgentSettings settings, Clock clock, ObjectProvider<BuildProperties> build) {
        this.db = db;
        this.settings = settings;
        this.clock = clock;
        BuildProperties props = build.getIfAvailable();
        this.version = props == null ? "development" : props.getVersion();
    }

    @Override
    @Transactional
    public void afterPropertiesSet() {
        startedAt = clock.instant();
        db.insertInto(AGENT_START)
                .set(AGENT_START.START_ID, UUID.randomUUID())
                .set(AGENT_START.REGION, settings.region().value())
                .set(AGENT_START.VERSION, version)
                .set(AGENT_START.PID, ProcessHandle.current().pid())
                .set(AGENT_START.STARTED_AT, startedAt.atOffset(java.time.ZoneOffset.UTC))
                .execute();
    }

    Instant startedAt() {
        return startedAt;
    }

    String version() {
        return version;
    }
}
