package com.companyos.probes.internal;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Ids;
import com.companyos.probes.MaintenanceWindow;
import com.companyos.probes.ProbeDefinition;
import com.companyos.probes.ProbeIncident;
import com.companyos.probes.ProbeOwner;
import com.companyos.probes.ProbeRun;
import com.companyos.probes.ProbeSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns incident events into pages in the outbox (the sender delivers them): on open, the owner's webhook and the
 * first person of its escalation order; on escalation (nobody acknowledged within the owner's time), the next person
 * — after the last one, the platform owner's first person; on acknowledge, the webhook; on resolve, the webhook and
 * everybody paged. Inside a maintenance window that covers the probe and place, pages are kept as suppressed, the
 * incident stays unpaged and its escalation waits; when the window ends, the still-open incident is paged then.
 */
@Component
class Pager {

    private static final Logger log = LoggerFactory.getLogger(Pager.class);

    private final ProbeStore store;
    private final IncidentStore incidents;
    private final PagePayloads payloads;
    private final EvidenceRecorder evidence;
    private final ProbeSettings settings;
    private final Clock clock;

    Pager(ProbeStore store, IncidentStore incidents, PagePayloads payloads, EvidenceRecorder evidence, ProbeSettings settings, Clock clock) {
        this.store = store;
        this.incidents = incidents;
        this.payloads = payloads;
        this.evidence = evidence;
        this.settings = settings;
        this.clock = clock;
    }

    void opened(ProbeIncident incident, ProbeDefinition probe, ProbeRun run) {
        page(incident, probe.criticalPath(), run, 0, "trigger");
    }

    void resolved(ProbeIncident incident, ProbeDefinition probe, ProbeRun run) {
        if (incident.pagedAt() == null) {
            return; // nobody was woken (maintenance); nobody needs telling
        }
        Optional<ProbeOwner> owner = store.owner(incident.owner());
        Instant now = clock.instant();
        Optional<MaintenanceWindow> silence = silence(incident, now);
        owner.filter(o -> o.webhookUrl() != null).ifPresent(o -> add(incident, "resolve", "webhook", o.webhookUrl().toString(),
                payloads.webhook(o, "resolve", incident, probe.criticalPath(), run, 0), silence, now));
        for (String email : incidents.paged(incident.id())) {
            add(incident, "resolve", "email", email, payloads.email("resolve", incident, probe.criticalPath(), run, 0), silence, now);
        }
    }

    void acknowledged(ProbeIncident incident, String criticalPath) {
        Instant now = clock.instant();
        store.owner(incident.owner()).filter(o -> o.webhookUrl() != null).ifPresent(o -> add(incident, "acknowledge", "webhook",
                o.webhookUrl().toString(), payloads.webhook(o, "acknowledge", incident, criticalPath, null, incident.escalationLevel()),
                silence(incident, now), now));
    }

    /** Pages what is due: incidents silenced when they opened whose window ended, and escalations. */
    int pageDue() {
        int handled = 0;
        Instant now = clock.instant();
        for (ProbeIncident incident : incidents.claimDueForPaging(now, 20)) {
            String path = store.probe(incident.probe()).map(ProbeDefinition::criticalPath).orElse(incident.probe());
            ProbeRun run = store.run(incident.lastRunId()).orElse(null);
            Optional<MaintenanceWindow> silence = silence(incident, now);
            if (silence.isPresent()) {
                if (incident.pagedAt() != null) {
                    // Escalation waits for the end of the window (nobody is expected to acknowledge inside it).
                    incidents.paged(incident.id(), incident.escalationLevel(), incident.pagedAt(), silence.get().endsAt());
                }
                continue;
            }
            handled++;
            if (incident.pagedAt() == null) {
                page(incident, path, run, 0, "trigger");
            } else {
                page(incident, path, run, incident.escalationLevel() + 1, "escalate");
            }
        }
        return handled;
    }

    /**
     * Pages level {@code level} of the incident's escalation: levels 0..n-1 are the owner's people; level n is the
     * platform owner's first person (when the owner is another team). Past the last level nothing more is sent.
     */
    private void page(ProbeIncident incident, String criticalPath, ProbeRun run, int level, String event) {
        Instant now = clock.instant();
        Optional<ProbeOwner> owner = store.owner(incident.owner());
        Optional<ProbeOwner> platform = store.owner(settings.platformOwner());
        List<ProbeOwner.Contact> people = owner.map(ProbeOwner::contacts).orElse(List.of());
        Optional<ProbeOwner.Contact> contact = level < people.size() ? Optional.of(people.get(level))
                : level == people.size() && platform.isPresent() && !platform.get().name().equals(incident.owner()) && !platform.get().contacts().isEmpty()
                ? Optional.of(platform.get().contacts().get(0)) : Optional.empty();
        if (contact.isEmpty() && level > 0) {
            incidents.paged(incident.id(), incident.escalationLevel(), incident.pagedAt(), null);
            return; // the escalation order is used up
        }
        Optional<MaintenanceWindow> silence = silence(incident, now);
        if (level == 0) {
            owner.filter(o -> o.webhookUrl() != null).ifPresent(o -> add(incident, event, "webhook", o.webhookUrl().toString(),
                    payloads.webhook(o, "trigger", incident, criticalPath, run, level), silence, now));
            if (owner.isEmpty()) {
                log.warn("Probe incident {} has owner {} that does not exist; nobody can be paged", incident.id(), incident.owner());
            }
        }
        contact.ifPresent(c -> add(incident, event, "email", c.email(), payloads.email(event, incident, criticalPath, run, level), silence, now));
        if (silence.isPresent()) {
            evidence.record(AuditEvent.of("probe.page-suppressed", "probe:" + incident.probe())
                    .reason("Inside maintenance window " + silence.get().id() + " (" + silence.get().reason() + ")")
                    .detail("incidentId", incident.id().toString()).detail("event", event).detail("place", incident.place()));
            return; // not paged: the incident is paged when the window ends, if it is still open
        }
        boolean more = level + 1 < people.size() || level + 1 == people.size() && platform.isPresent()
                && !platform.get().name().equals(incident.owner()) && !platform.get().contacts().isEmpty();
        Instant next = more ? now.plus(owner.map(ProbeOwner::escalateAfter).orElse(java.time.Duration.ofMinutes(15))) : null;
        incidents.paged(incident.id(), level, now, next);
        if (level > 0) {
            evidence.record(AuditEvent.of("probe.incident-escalated", "probe:" + incident.probe())
                    .reason("Nobody acknowledged within " + owner.map(o -> o.escalateAfter().toMinutes() + " min").orElse("the owner's time"))
                    .detail("incidentId", incident.id().toString()).detail("level", level).detail("to", contact.map(ProbeOwner.Contact::email).orElse("")));
        }
    }

    private void add(ProbeIncident incident, String event, String channel, String target, String payload, Optional<MaintenanceWindow> silence,
                     Instant now) {
        incidents.insertPage(Ids.timeOrdered(clock), incident.id(), event, channel, target, payload, silence.isPresent() ? "suppressed" : "pending",
                silence.map(w -> "Suppressed by maintenance window " + w.id() + ": " + w.reason()).orElse(null), now);
    }

    private Optional<MaintenanceWindow> silence(ProbeIncident incident, Instant now) {
        return incidents.currentAndComing(now).stream().filter(w -> w.covers(incident.probe(), incident.place(), now)).findFirst();
    }
}
