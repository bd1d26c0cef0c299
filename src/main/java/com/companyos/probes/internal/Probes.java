package com.companyos.probes.internal;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Actor;
import com.companyos.base.ConflictException;
import com.companyos.base.Ids;
import com.companyos.base.NotFoundException;
import com.companyos.base.Roles;
import com.companyos.probes.MaintenanceWindow;
import com.companyos.probes.ProbeDefinition;
import com.companyos.probes.ProbeIncident;
import com.companyos.probes.ProbeOwner;
import com.companyos.probes.ProbePage;
import com.companyos.probes.ProbeRun;
import com.companyos.probes.ProbeService;
import com.companyos.probes.ProbeSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The probes module's service (see {@link ProbeService}): the transaction and security boundary. */
@Service
@EnableConfigurationProperties(ProbeSettings.class)
class Probes implements ProbeService {

    static final String ON_CALL = "hasAnyRole('PLATFORM_ADMIN','OPERATOR','COMPLIANCE_OFFICER')";
    private static final int MAX_RUNS = 5000;

    private final ProbeStore store;
    private final IncidentStore incidents;
    private final ProbeCatalog catalog;
    private final ProbeExecution execution;
    private final Pager pager;
    private final EvidenceRecorder evidence;
    private final TransactionTemplate tx;
    private final ProbeSettings settings;
    private final ConsoleInstance console;
    private final Clock clock;

    Probes(ProbeStore store, IncidentStore incidents, ProbeCatalog catalog, ProbeExecution execution, Pager pager, EvidenceRecorder evidence,
           TransactionTemplate tx, ProbeSettings settings, ConsoleInstance console, Clock clock) {
        this.store = store;
        this.incidents = incidents;
        this.catalog = catalog;
        this.execution = execution;
        this.pager = pager;
        this.evidence = evidence;
        this.tx = tx;
        this.settings = settings;
        this.console = console;
        this.clock = clock;
    }

    @Override
    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public List<ProbeDefinition> probes() {
        return store.probes();
    }

    @Override
    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public ProbeDefinition probe(String name) {
        return store.probe(name).orElseThrow(() -> new NotFoundException("No probe named " + name));
    }

    @Override
    @PreAuthorize(Roles.OPERATORS)
    public ProbeDefinition save(ProbeDefinition probe, String reason) {
        requireReason(reason);
        ProbeDefinition p = new ProbeDefinition(probe.name(), probe.kind(), probe.criticalPath(), probe.owner(), probe.interval(), probe.timeout(),
                probe.retries(), probe.regions(), probe.degradedAfter(), probe.failN(), probe.failM(), probe.resolveAfter(), probe.enabled(),
                Actor.current(), clock.instant()).validated();
        ProbeDefinition saved = tx.execute(s -> {
            if (store.owner(p.owner()).isEmpty()) {
                throw new IllegalArgumentException("No owner named " + p.owner() + "; create the owner first");
            }
            Optional<ProbeDefinition> before = store.probe(p.name());
            if (before.isPresent() && before.get().kind() != p.kind()) {
                throw new ConflictException("Probe " + p.name() + " runs " + before.get().kind().id() + "; a probe's kind does not change (create another probe)");
            }
            if (before.isEmpty()) {
                store.insertProbe(p);
            } else {
                store.updateProbe(p);
            }
            evidence.record(AuditEvent.of(before.isEmpty() ? "probe.created" : "probe.changed", "probe:" + p.name()).reason(reason)
                    .detail("kind", p.kind().id()).detail("owner", p.owner()).detail("intervalSeconds", p.interval().toSeconds())
                    .detail("timeoutSeconds", p.timeout().toSeconds()).detail("retries", p.retries()).detail("regions", String.join(",", p.regions()))
                    .detail("enabled", p.enabled()).detail("rule", p.failN() + " of " + p.failM()));
            return p;
        });
        catalog.reconcilePlaces();
        return saved;
    }

    @Override
    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public List<Scheduled> schedule(String probe) {
        probe(probe);
        return store.places(probe).stream().map(place -> new Scheduled(place, store.nextRun(probe, place).orElse(null))).toList();
    }

    @Override
    @PreAuthorize(Roles.OPERATORS)
    public ProbeRun runNow(String probe, String place, String reason) {
        ProbeDefinition p = probe(probe);
        if (!catalog.placesOf(p).contains(place)) {
            throw new IllegalArgumentException("Probe " + probe + " runs in " + String.join(", ", catalog.placesOf(p)) + ", not in " + place);
        }
        catalog.reconcilePlaces();
        Duration lease = p.timeout().multipliedBy(p.retries() + 1L).plus(settings.retryPause().multipliedBy(p.retries())).plusSeconds(30);
        ProbeStore.Claim claim = tx.execute(s -> store.leaseNow(probe, place, clock.instant(), console.id(), lease))
                .orElseThrow(() -> new ConflictException("Probe " + probe + " is running in " + place + " now; its run appears in a moment"));
        tx.executeWithoutResult(s -> evidence.record(AuditEvent.of("probe.run-requested", "probe:" + probe)
                .reason(reason == null || reason.isBlank() ? "Run on demand" : reason).detail("place", place)));
        try {
            return execution.run(p, place);
        } finally {
            tx.executeWithoutResult(s -> store.release(claim, console.id(), claim.dueAt()));
        }
    }

    @Override
    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public ProbeRun run(UUID id) {
        return store.run(id).orElseThrow(() -> new NotFoundException("No probe run " + id));
    }

    @Override
    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public List<ProbeRun> runs(Instant from, Instant to, String probe) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("Choose a period whose start is before its end");
        }
        return store.runs(from, to, probe, MAX_RUNS);
    }

    @Override
    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public List<ProbeRun> latest(String probe, String place, int limit) {
        return store.latest(probe, place, Math.max(1, Math.min(limit, 500)));
    }

    @Override
    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public List<ProbeIncident> incidents(boolean unresolvedOnly) {
        return unresolvedOnly ? incidents.unresolved() : incidents.recent(200);
    }

    @Override
    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public ProbeIncident incident(UUID id) {
        return incidents.incident(id).orElseThrow(() -> new NotFoundException("No probe incident " + id));
    }

    @Override
    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public List<ProbePage> pages(UUID incident) {
        incident(incident);
        return incidents.pages(incident);
    }

    @Override
    @PreAuthorize(ON_CALL)
    @Transactional
    public ProbeIncident acknowledge(UUID id) {
        ProbeIncident before = incident(id);
        if (!incidents.acknowledge(id, Actor.current(), clock.instant())) {
            throw new ConflictException("Incident " + id + " is " + before.state() + (before.acknowledgedBy() == null ? "" : " (by " + before.acknowledgedBy() + ")"));
        }
        ProbeIncident after = incident(id);
        evidence.record(AuditEvent.of("probe.incident-acknowledged", "probe:" + after.probe()).detail("incidentId", id.toString())
                .detail("place", after.place()).detail("escalationLevel", after.escalationLevel()));
        pager.acknowledged(after, store.probe(after.probe()).map(ProbeDefinition::criticalPath).orElse(after.probe()));
        return after;
    }

    @Override
    @PreAuthorize(ON_CALL)
    @Transactional
    public ProbeIncident resolve(UUID id, String reason) {
        requireReason(reason);
        ProbeIncident before = incident(id);
        if (!incidents.resolve(id, Actor.current(), clock.instant())) {
            throw new ConflictException("Incident " + id + " is resolved already");
        }
        evidence.record(AuditEvent.of("probe.incident-resolved", "probe:" + before.probe()).reason(reason).detail("incidentId", id.toString())
                .detail("place", before.place()).detail("by", "hand"));
        store.probe(before.probe()).ifPresent(p -> pager.resolved(before, p, store.run(before.lastRunId()).orElse(null)));
        return incident(id);
    }

    @Override
    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public List<ProbeOwner> owners() {
        return store.owners();
    }

    @Override
    @PreAuthorize(Roles.OPERATORS)
    @Transactional
    public ProbeOwner saveOwner(ProbeOwner owner, String reason) {
        requireReason(reason);
        ProbeOwner o = new ProbeOwner(owner.name(), owner.displayName(), owner.webhookUrl(), owner.webhookFormat(), owner.routingKey(),
                owner.escalateAfter(), owner.contacts(), Actor.current(), clock.instant()).validated();
        boolean existed = store.owner(o.name()).isPresent();
        store.saveOwner(o, false);
        evidence.record(AuditEvent.of(existed ? "probe.owner-changed" : "probe.owner-created", "probe-owner:" + o.name()).reason(reason)
                .detail("webhook", o.webhookUrl() == null ? null : o.webhookUrl().getHost()).detail("format", o.webhookFormat())
                .detail("escalateAfterSeconds", o.escalateAfter().toSeconds())
                .detail("escalationOrder", String.join(" → ", o.contacts().stream().map(c -> c.person() + " <" + c.email() + ">").toList())));
        return store.owner(o.name()).orElseThrow();
    }

    @Override
    @PreAuthorize(Roles.OPERATORS)
    @Transactional
    public void deleteOwner(String name, String reason) {
        requireReason(reason);
        if (store.owner(name).isEmpty()) {
            throw new NotFoundException("No owner named " + name);
        }
        if (name.equals(settings.platformOwner())) {
            throw new ConflictException(name + " is the platform owner (paged when a probe itself breaks); it cannot be deleted");
        }
        int owned = store.probesOwnedBy(name);
        if (owned > 0) {
            throw new ConflictException(name + " owns " + owned + " probe(s); give them another owner first");
        }
        if (incidents.unresolved().stream().anyMatch(i -> i.owner().equals(name))) {
            throw new ConflictException(name + " has open incidents; resolve them first");
        }
        store.deleteOwner(name);
        evidence.record(AuditEvent.of("probe.owner-deleted", "probe-owner:" + name).reason(reason));
    }

    @Override
    @PreAuthorize(Roles.ANY_STAFF)
    @Transactional(readOnly = true)
    public List<MaintenanceWindow> maintenance() {
        return incidents.currentAndComing(clock.instant());
    }

    @Override
    @PreAuthorize(Roles.OPERATORS)
    @Transactional
    public MaintenanceWindow startMaintenance(String probe, String place, Instant startsAt, Instant endsAt, String reason) {
        requireReason(reason);
        if (startsAt == null || endsAt == null || !startsAt.isBefore(endsAt)) {
            throw new IllegalArgumentException("A maintenance window starts before it ends");
        }
        if (!endsAt.isAfter(clock.instant())) {
            throw new IllegalArgumentException("This window has already ended");
        }
        if (Duration.between(startsAt, endsAt).compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("A maintenance window lasts at most 7 days; nobody should be unpageable longer");
        }
        String p = probe == null || probe.isBlank() ? null : probe(probe).name();
        String where = place == null || place.isBlank() ? null : place;
        MaintenanceWindow w = new MaintenanceWindow(Ids.timeOrdered(clock), p, where, startsAt, endsAt, reason, Actor.current(), clock.instant(),
                null, null);
        incidents.insertWindow(w);
        evidence.record(AuditEvent.of("probe.maintenance-started", "probe:" + (p == null ? "*" : p)).reason(reason)
                .detail("windowId", w.id().toString()).detail("place", where == null ? "*" : where)
                .detail("startsAt", startsAt.toString()).detail("endsAt", endsAt.toString()));
        return w;
    }

    @Override
    @PreAuthorize(Roles.OPERATORS)
    @Transactional
    public MaintenanceWindow cancelMaintenance(UUID id, String reason) {
        requireReason(reason);
        MaintenanceWindow w = incidents.window(id).orElseThrow(() -> new NotFoundException("No maintenance window " + id));
        if (!incidents.cancelWindow(id, Actor.current(), clock.instant())) {
            throw new ConflictException("Maintenance window " + id + " was cancelled already");
        }
        evidence.record(AuditEvent.of("probe.maintenance-cancelled", "probe:" + (w.probe() == null ? "*" : w.probe())).reason(reason)
                .detail("windowId", id.toString()));
        return incidents.window(id).orElseThrow();
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Say why (the reason is kept in the audit log)");
        }
    }
}
