package com.companyos.agent.runtime;

import com.companyos.agent.AgentSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When a local console launched this agent (embedded default), the agent shuts down as soon as that console's process
 * is gone, even if the console was killed without a chance to stop its children.
 */
@Component
class ParentWatchdog {

    private static final Logger log = LoggerFactory.getLogger(ParentWatchdog.class);

    private final AgentSettings settings;
    private final ConfigurableApplicationContext context;

    ParentWatchdog(AgentSettings settings, ConfigurableApplicationContext context) {
        this.settings = settings;
        this.context = context;
    }

    @EventListener(ApplicationReadyEvent.class)
    void watchParent() {
        if (settings.parentPid() <= 0) {
            return;
        }
        ProcessHandle.of(settings.parentPid()).ifPresentOrElse(
                parent -> parent.onExit().thenRun(this::shutDown),
                this::shutDown);
    }

    private void shutDown() {
        log.warn("The console that launched this agent (pid {}) is gone; shutting down", settings.parentPid());
        System.exit(SpringApplication.exit(context, () -> 0));
    }
}
