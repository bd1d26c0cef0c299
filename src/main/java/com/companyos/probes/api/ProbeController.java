package com.companyos.probes.api;

import com.companyos.probes.MaintenanceWindow;
import com.companyos.probes.ProbeDefinition;
import com.companyos.probes.ProbeIncident;
import com.companyos.probes.ProbeKind;
import com.companyos.probes.ProbeOwner;
import com.companyos.probes.ProbePage;
import com.companyos.probes.ProbeRun;
import com.companyos.probes.ProbeService;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * REST API for probes, their runs and incidents, owners and maintenance windows. Authorization is the service's;
 * durations are whole seconds (milliseconds for the degraded threshold), times ISO-8601.
 */
@RestController
class ProbeController {

    /** A probe as the API writes it. */
    record ProbeRequest(String kind, String criticalPath, String owner, Integer intervalSeconds, Integer timeoutSeconds, Integer retries,
                        List<String> regions, Integer degradedAfterMs, Integer failN, Integer failM, Integer resolveAfter, Boolean enabled,
                        String reason) {
    }

    /** An owner as the API writes it. */
    record OwnerRequest(String displayName, String webhookUrl, String webhookFormat, String routingKey, Integer escalateAfterSeconds,
                        List<ProbeOwner.Contact> contacts, String reason) {
    }

    record MaintenanceRequest(String probe, String place, Instant startsAt, Instant endsAt, String reason) {
    }

    record Reason(String reason) {
    }

    /** An incident with its pages. */
    record IncidentView(ProbeIncident incident, List<ProbePage> pages) {
    }

    private final ProbeService probes;

    ProbeController(ProbeService probes) {
        this.probes = probes;
    }

    @GetMapping("/api/v1/probes")
    List<ProbeDefinition> list() {
        return probes.probes();
    }

    @GetMapping("/api/v1/probes/{name}")
    ProbeDefinition get(@PathVariable String name) {
        return probes.probe(name);
    }

    @PutMapping("/api/v1/probes/{name}")
    ProbeDefinition save(@PathVariable String name, @RequestBody ProbeRequest r) {
        if (r.kind() == null || r.intervalSeconds() == null || r.timeoutSeconds() == null) {
            throw new IllegalArgumentException("kind, intervalSeconds and timeoutSeconds are required");
        }
        ProbeKind kind;
        try {
            kind = ProbeKind.of(r.kind());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kind is one of login, tenant-query, export, job-queue, residency; got " + r.kind());
        }
        Duration timeout = Duration.ofSeconds(r.timeoutSeconds());
        return probes.save(new ProbeDefinition(name, kind, r.criticalPath(), r.owner(), Duration.ofSeconds(r.intervalSeconds()), timeout,
                r.retries() == null ? 1 : r.retries(), r.regions(), r.degradedAfterMs() == null ? timeout.dividedBy(2) : Duration.ofMillis(r.degradedAfterMs()),
                r.failN() == null ? 3 : r.failN(), r.failM() == null ? 5 : r.failM(), r.resolveAfter() == null ? 2 : r.resolveAfter(),
                r.enabled() == null || r.enabled(), null, null), r.reason());
    }

    @GetMapping("/api/v1/probes/{name}/schedule")
    List<ProbeService.Scheduled> schedule(@PathVariable String name) {
        return probes.schedule(name);
    }

    @PostMapping("/api/v1/probes/{name}/runs")
    ProbeRun runNow(@PathVariable String name, @RequestParam String place, @RequestBody(required = false) Reason reason) {
        return probes.runNow(name, place, reason == null ? null : reason.reason());
    }

    @GetMapping("/api/v1/probes/{name}/runs")
    List<ProbeRun> latest(@PathVariable String name, @RequestParam String place, @RequestParam(defaultValue = "20") int limit) {
        return probes.latest(name, place, limit);
    }

    @GetMapping("/api/v1/probe-runs")
    List<ProbeRun> runs(@RequestParam Instant from, @RequestParam(required = false) Instant to, @RequestParam(required = false) String probe) {
        return probes.runs(from, to == null ? Instant.now() : to, probe);
    }

    @GetMapping("/api/v1/probe-runs/{id}")
    ProbeRun run(@PathVariable UUID id) {
        return probes.run(id);
    }

    @GetMapping("/api/v1/probe-incidents")
    List<ProbeIncident> incidents(@RequestParam(defaultValue = "true") boolean open) {
        return probes.incidents(open);
    }

    @GetMapping("/api/v1/probe-incidents/{id}")
    IncidentView incident(@PathVariable UUID id) {
        return new IncidentView(probes.incident(id), probes.pages(id));
    }

    @PostMapping("/api/v1/probe-incidents/{id}/acknowledge")
    ProbeIncident acknowledge(@PathVariable UUID id) {
        return probes.acknowledge(id);
    }

    @PostMapping("/api/v1/probe-incidents/{id}/resolve")
    ProbeIncident resolve(@PathVariable UUID id, @RequestBody Reason reason) {
        return probes.resolve(id, reason.reason());
    }

    @GetMapping("/api/v1/probe-owners")
    List<ProbeOwner> owners() {
        return probes.owners();
    }

    @PutMapping("/api/v1/probe-owners/{name}")
    ProbeOwner saveOwner(@PathVariable String name, @RequestBody OwnerRequest r) {
        URI webhook;
        try {
            webhook = r.webhookUrl() == null || r.webhookUrl().isBlank() ? null : new URI(r.webhookUrl());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("webhookUrl is not a URL: " + e.getMessage());
        }
        return probes.saveOwner(new ProbeOwner(name, r.displayName(), webhook, r.webhookFormat(), r.routingKey(),
                Duration.ofSeconds(r.escalateAfterSeconds() == null ? 900 : r.escalateAfterSeconds()), r.contacts(), null, null), r.reason());
    }

    @DeleteMapping("/api/v1/probe-owners/{name}")
    ResponseEntity<Void> deleteOwner(@PathVariable String name, @RequestParam String reason) {
        probes.deleteOwner(name, reason);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/probe-maintenance")
    List<MaintenanceWindow> maintenance() {
        return probes.maintenance();
    }

    @PostMapping("/api/v1/probe-maintenance")
    MaintenanceWindow startMaintenance(@RequestBody MaintenanceRequest r) {
        return probes.startMaintenance(r.probe(), r.place(), r.startsAt() == null ? Instant.now() : r.startsAt(), r.endsAt(), r.reason());
    }

    @PostMapping("/api/v1/probe-maintenance/{id}/cancel")
    MaintenanceWindow cancelMaintenance(@PathVariable UUID id, @RequestBody Reason reason) {
        return probes.cancelMaintenance(id, reason.reason());
    }
}
