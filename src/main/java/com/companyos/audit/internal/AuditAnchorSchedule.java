package com.companyos.audit.internal;

import com.companyos.audit.AuditAnchorSettings;
import com.companyos.audit.AuditAnchors;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.PeriodicWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Anchors the audit chain every {@code companyos.audit.anchors.interval} on every console (each keeps its own file, so
 * this is not a cluster-wide job). Routine anchors are not audited — an entry per anchor would move the head it anchors
 * every time — but a refused anchor is, once per distinct problem, and logged as an error.
 */
@Component
@ConditionalOnProperty(name = "companyos.audit.anchors.enabled", havingValue = "true", matchIfMissing = true)
class AuditAnchorSchedule extends PeriodicWork {

    private static final Logger log = LoggerFactory.getLogger(AuditAnchorSchedule.class);

    private final AuditAnchors anchors;
    private final EvidenceRecorder recorder;
    private volatile String lastProblem;

    AuditAnchorSchedule(AuditAnchors anchors, EvidenceRecorder recorder, AuditAnchorSettings settings, TaskScheduler scheduler) {
        super(scheduler, Duration.ofSeconds(30), settings.interval());
        this.anchors = anchors;
        this.recorder = recorder;
    }

    @Override
    protected void runOnce() {
        AuditAnchors.Anchoring result = anchors.anchor();
        if (result.problem() == null) {
            lastProblem = null;
            return;
        }
        log.error("The audit chain was not anchored: {}", result.problem());
        if (!result.problem().equals(lastProblem)) {
            lastProblem = result.problem();
            recorder.record(AuditEvent.by("system", "audit.chain-anchor-refused", "audit-log").reason(result.problem()));
        }
    }
}
