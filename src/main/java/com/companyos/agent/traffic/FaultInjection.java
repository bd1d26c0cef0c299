package com.companyos.agent.traffic;

import com.companyos.agentapi.control.FaultConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The faults in force on the governed data API: set at start by {@link FaultSettings}, changed at runtime only when
 * {@code runtime-control} allows it. Read on every governed request (one volatile read).
 */
@Component
@EnableConfigurationProperties(FaultSettings.class)
public class FaultInjection {

    private static final Logger log = LoggerFactory.getLogger(FaultInjection.class);

    private final boolean runtimeControl;
    private final boolean unstableExport;
    private volatile FaultConfig current;

    FaultInjection(FaultSettings settings) {
        this.runtimeControl = settings.runtimeControl();
        this.unstableExport = settings.unstableExport();
        if (unstableExport) {
            log.warn("Fault injection: proof bundles are built with the time in their decision summary (unstable-export)");
        }
        this.current = new FaultConfig(settings.errorShare(), settings.addedLatency().toMillis(), runtimeControl);
        if (current.active()) {
            log.warn("Fault injection is on from the start: {} of governed requests answered 500, {} ms added",
                    current.errorShare(), current.addedLatencyMillis());
        }
    }

    /** Whether the deterministic files of a proof bundle carry the time they were built (a fault for the release gates). */
    public boolean unstableExport() {
        return unstableExport;
    }

    public FaultConfig current() {
        return current;
    }

    /** Replaces the faults; refused unless {@code companyos.agent.faults.runtime-control=true}. */
    public FaultConfig change(FaultConfig requested) {
        if (!runtimeControl) {
            throw new RuntimeControlOffException();
        }
        FaultConfig next = new FaultConfig(requested.errorShare(), requested.addedLatencyMillis(), true);
        log.warn("Fault injection changed by the control plane: {} of governed requests answered 500, {} ms added",
                next.errorShare(), next.addedLatencyMillis());
        current = next;
        return next;
    }

    /** Whether this request is one of the injected failures (drawn per request). */
    public boolean failNow(FaultConfig faults) {
        return faults.errorShare() > 0 && ThreadLocalRandom.current().nextDouble() < faults.errorShare();
    }

    /** Runtime fault control is off on this agent. */
    public static final class RuntimeControlOffException extends RuntimeException {
        RuntimeControlOffException() {
            super("Runtime fault control is off on this agent (companyos.agent.faults.runtime-control=false); "
                    + "faults can only be set by its configuration");
        }
    }
}
