package com.companyos.residency;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Actor;
import com.companyos.base.ConflictException;
import com.companyos.base.Roles;
import com.companyos.base.cluster.ClusterEvents;
import com.companyos.residency.internal.ResidencyRecords;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Residency alerts (raised by the synthetic probe when a guarantee did not hold) and the probe's latest results.
 * Staff see them; compliance officers acknowledge an alert with what was done, which is audited.
 */
@Service
public class ResidencyAlerts {

    private final ResidencyRecords records;
    private final EvidenceRecorder evidence;
    private final ClusterEvents events;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    ResidencyAlerts(ResidencyRecords records, EvidenceRecorder evidence, ClusterEvents events, Clock clock) {
        this.records = records;
        this.evidence = evidence;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public List<ResidencyAlert> recent(int limit) {
        return records.alerts(false, limit);
    }

    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public List<ResidencyAlert> open() {
        return records.alerts(true, 100);
    }

    /** How many alerts are open (for the menu badge; no details). */
    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public int openCount() {
        return records.openAlerts();
    }

    @Transactional
    @PreAuthorize(Roles.AUDITORS)
    public void acknowledge(UUID alertId, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Say what was done about this alert");
        }
        ResidencyAlert alert = records.alert(alertId).orElseThrow(() -> new com.companyos.base.NotFoundException("No alert " + alertId));
        if (!records.acknowledge(alertId, Actor.current(), reason.trim(), clock.instant())) {
            throw new ConflictException("Alert " + alertId + " was already acknowledged");
        }
        evidence.record(AuditEvent.of("residency.alert-acknowledged", "residency-alert:" + alertId).reason(reason.trim())
                .decision(alert.decisionId()).detail("summary", alert.summary()));
        events.publish(new ResidencyAlertsChanged());
    }

    /** The checks of the synthetic probe's latest run. */
    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public List<ProbeCheck> latestProbe() {
        return records.latestRun();
    }

    /** Calls {@code changed} (from any thread) when alerts may have changed; returns how to stop. */
    public Runnable subscribe(Runnable changed) {
        listeners.add(changed);
        return () -> listeners.remove(changed);
    }

    @EventListener
    void on(ResidencyAlertsChanged change) {
        listeners.forEach(Runnable::run);
    }
}
