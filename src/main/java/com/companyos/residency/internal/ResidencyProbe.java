package com.companyos.residency.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.DestinationInfo;
import com.companyos.agentapi.data.Seam;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Ids;
import com.companyos.base.RegionId;
import com.companyos.base.Role;
import com.companyos.base.Zone;
import com.companyos.base.cluster.ClusterEvents;
import com.companyos.regions.Region;
import com.companyos.regions.RegionAgents;
import com.companyos.regions.RegionRegistry;
import com.companyos.residency.ProbeCheck;
import com.companyos.residency.ProbeCheck.Outcome;
import com.companyos.residency.ResidencyAlert;
import com.companyos.residency.ResidencyAlertsChanged;
import com.companyos.security.SystemActor;
import com.companyos.tenants.SyntheticTenants;
import com.companyos.tenants.Tenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The synthetic cross-region probe: for a canary tenant in each zone that has regions, tries what residency must
 * refuse — a write sent to every region that does not serve the tenant (ingress: 421), an export of {@code pii} to a
 * destination in another zone, and a {@code pii} egress to a webhook in another zone (403) — and records each
 * outcome. An attempt that is allowed raises a residency alert and an audit entry. The canary tenants are ordinary
 * tenants created by {@value Tenant#SYNTHETIC_CREATOR} (slugs {@code probe-<zone>}); their API token lives only in this
 * process's memory and is replaced (the old one revoked) whenever this console needs one.
 */
@Component
public class ResidencyProbe implements com.companyos.residency.SyntheticProbes {

    private static final Logger log = LoggerFactory.getLogger(ResidencyProbe.class);
    static final String TOKEN_NAME = "residency-probe";
    static final String RECORD_KEY = "probe-pii";
    private static final SystemActor ACTOR = new SystemActor(Tenant.SYNTHETIC_CREATOR, Set.of(Role.OPERATOR));

    private final SyntheticTenants synthetic;
    private final RegionRegistry regions;
    private final RegionAgents agents;
    private final DataPlaneClient data;
    private final ResidencyRecords records;
    private final EvidenceRecorder evidence;
    private final ClusterEvents events;
    private final TransactionTemplate tx;
    private final Clock clock;

    ResidencyProbe(SyntheticTenants synthetic, RegionRegistry regions, RegionAgents agents, DataPlaneClient data, ResidencyRecords records,
                   EvidenceRecorder evidence, ClusterEvents events, TransactionTemplate tx, Clock clock) {
        this.synthetic = synthetic;
        this.regions = regions;
        this.agents = agents;
        this.data = data;
        this.records = records;
        this.evidence = evidence;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Each zone's probe tenant reads its probe record through both endpoints: where the tenant lives that is a governed
     * read (token, gate, policy, database), elsewhere a request the region must refuse (421). The candidate must answer
     * exactly as the reference does.
     */
    @Override
    public List<String> tenants() {
        return java.util.Arrays.stream(Zone.values()).filter(z -> !regions.inZone(z).isEmpty()).map(ResidencyProbe::slug).toList();
    }

    private static String slug(Zone zone) {
        return Tenant.SYNTHETIC_PREFIX + zone.name().toLowerCase();
    }

    @Override
    public List<ProbeComparison> compare(URI candidate, URI reference) {
        return ACTOR.run(() -> {
            List<ProbeComparison> results = new ArrayList<>();
            for (Zone zone : Zone.values()) {
                if (regions.inZone(zone).isEmpty()) {
                    continue;
                }
                Tenant canary = canary(zone);
                String path = AgentPaths.RECORD.replace("{slug}", canary.slug()).replace("{key}", RECORD_KEY);
                String token = token(canary, false);
                int ref = status(reference.resolve(path), token);
                if (ref == 401) {
                    token = token(canary, true);
                    ref = status(reference.resolve(path), token);
                }
                int cand = status(candidate.resolve(path), token);
                results.add(new ProbeComparison(canary.slug(), "GET record " + RECORD_KEY, cand, ref,
                        cand == ref ? "Both answered HTTP " + ref : "The candidate answered HTTP " + (cand == 0 ? "nothing" : cand)
                                + ", the stable release HTTP " + (ref == 0 ? "nothing" : ref)));
            }
            return results;
        });
    }

    private int status(URI uri, String token) {
        try {
            return data.send("GET", uri, token, null).status();
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** One run over every zone with regions; returns what was checked. */
    @Override
    public List<ProbeCheck> runOnce() {
        return ACTOR.run(() -> {
            UUID runId = Ids.timeOrdered(clock);
            List<ProbeCheck> checks = new ArrayList<>();
            for (Zone zone : Zone.values()) {
                if (regions.inZone(zone).isEmpty()) {
                    continue;
                }
                try {
                    checks.addAll(probe(runId, zone));
                } catch (RuntimeException e) {
                    log.warn("Residency probe for {} could not run: {}", zone, e.getMessage());
                    checks.add(check(runId, zone, "canary", slug(zone), Outcome.INCONCLUSIVE, 0, null,
                            "The canary tenant could not be prepared: " + e.getMessage()));
                }
            }
            tx.executeWithoutResult(status -> {
                checks.forEach(records::insertProbe);
                checks.stream().filter(c -> c.outcome() == Outcome.ALLOWED).forEach(this::raise);
                if (checks.stream().anyMatch(c -> c.outcome() == Outcome.ALLOWED)) {
                    events.publish(new ResidencyAlertsChanged());
                }
            });
            log.info("Residency probe {}: {} denied as they must be, {} allowed, {} inconclusive", runId,
                    count(checks, Outcome.DENIED), count(checks, Outcome.ALLOWED), count(checks, Outcome.INCONCLUSIVE));
            return checks;
        });
    }

    private List<ProbeCheck> probe(UUID runId, Zone zone) throws RuntimeException {
        Tenant canary = canary(zone);
        Region home = regions.get(RegionId.of(canary.activeRegion()));
        List<ProbeCheck> checks = new ArrayList<>();
        Map<String, Object> record = Map.of("classification", "pii", "retentionPolicy", "none",
                "data", "Synthetic residency probe " + runId + " (no real person's data)");

        // Seed: a pii record where the tenant lives (allowed), so export and egress have something to refuse.
        DataPlaneClient.Answer seeded = call(canary, "PUT", home, AgentPaths.RECORD, RECORD_KEY, record);
        // 1. A write sent to each region that does not serve the tenant: ingress must answer 421.
        for (Region other : regions.all()) {
            if (!other.id().equals(home.id())) {
                DataPlaneClient.Answer a = call(canary, "PUT", other, AgentPaths.RECORD, RECORD_KEY, record);
                checks.add(judge(runId, zone, "wrong-region-write:" + other.id(), other.id().value(), a, 421));
            }
        }
        List<DestinationInfo> destinations = agents.client(home.id()).getList(AgentPaths.DESTINATIONS, DestinationInfo.class);
        Optional<DestinationInfo> exportTo = elsewhere(destinations, zone, "archive");
        Optional<DestinationInfo> egressTo = elsewhere(destinations, zone, "webhook");
        if (seeded == null || !seeded.ok()) {
            String why = "The canary's pii record could not be written in " + home.id() + (seeded == null ? "" : " (HTTP "
                    + seeded.status() + ": " + seeded.text("detail") + ")") + ", so export and egress were not tried";
            checks.add(check(runId, zone, "wrong-zone-export", "-", Outcome.INCONCLUSIVE, seeded == null ? 0 : seeded.status(), null, why));
            checks.add(check(runId, zone, "pii-egress", "-", Outcome.INCONCLUSIVE, seeded == null ? 0 : seeded.status(), null, why));
            return checks;
        }
        // 2. An export of pii to a destination in another zone: 403.
        checks.add(exportTo.map(d -> judge(runId, zone, "wrong-zone-export", d.name() + " (" + d.zone() + ")",
                        call(canary, "POST", home, AgentPaths.EXPORTS, null, Map.of("destination", d.name(), "classification", "pii")), 403))
                .orElseGet(() -> check(runId, zone, "wrong-zone-export", "-", Outcome.INCONCLUSIVE, 0, null,
                        home.id() + " has no export destination outside " + zone + " to try")));
        // 3. A pii egress through an outbound webhook in another zone: 403.
        checks.add(egressTo.map(d -> judge(runId, zone, "pii-egress", d.name() + " (" + d.zone() + ")",
                        call(canary, "POST", home, AgentPaths.EGRESS, null, Map.of("destination", d.name(), "keys", List.of(RECORD_KEY))), 403))
                .orElseGet(() -> check(runId, zone, "pii-egress", "-", Outcome.INCONCLUSIVE, 0, null,
                        home.id() + " has no egress destination outside " + zone + " to try")));
        return checks;
    }

    /** Calls a region's data API as the canary; a stale token is replaced once. Null when the region cannot be reached. */
    private DataPlaneClient.Answer call(Tenant canary, String method, Region region, String pathTemplate, String key, Object body) {
        String path = pathTemplate.replace("{slug}", canary.slug()).replace("{key}", key == null ? "" : key);
        URI uri = region.dataUrl().resolve(path);
        try {
            DataPlaneClient.Answer a = data.send(method, uri, token(canary, false), body);
            if (a.status() == 401 && region.id().value().equals(canary.activeRegion())) {
                a = data.send(method, uri, token(canary, true), body);
            }
            return a;
        } catch (java.io.IOException e) {
            log.debug("Probe call {} {} failed", method, uri, e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private ProbeCheck judge(UUID runId, Zone zone, String name, String target, DataPlaneClient.Answer a, int expected) {
        if (a == null) {
            return check(runId, zone, name, target, Outcome.INCONCLUSIVE, 0, null, "The region could not be reached");
        }
        if (a.ok()) {
            return check(runId, zone, name, target, Outcome.ALLOWED, a.status(), a,
                    "ALLOWED (HTTP " + a.status() + "): residency did not refuse this; it must");
        }
        if (a.status() == expected) {
            return check(runId, zone, name, target, Outcome.DENIED, a.status(), a, "Denied as required: " + a.text("detail"));
        }
        return check(runId, zone, name, target, Outcome.INCONCLUSIVE, a.status(), a,
                "Expected HTTP " + expected + ", got " + a.status() + ": " + a.text("detail"));
    }

    private ProbeCheck check(UUID runId, Zone zone, String name, String target, Outcome outcome, int status, DataPlaneClient.Answer a,
                             String detail) {
        return new ProbeCheck(runId, clock.instant(), zone.name(), name, target, outcome, status, uuid(a, "decisionId"),
                uuid(a, "receiptId"), detail == null ? "" : detail);
    }

    private void raise(ProbeCheck c) {
        ResidencyAlert alert = new ResidencyAlert(Ids.timeOrdered(clock), clock.instant(), "synthetic-probe", c.target(),
                "probe-" + c.zone().toLowerCase(), seam(c.check()), "Synthetic probe " + c.check() + " for the " + c.zone()
                + " canary was ALLOWED by " + c.target() + " (HTTP " + c.httpStatus() + "); it must be denied", c.decisionId(),
                null, null, null);
        records.insertAlert(alert);
        evidence.record(AuditEvent.of("residency.probe-allowed", "tenant:" + alert.tenant()).reason(alert.summary())
                .decision(c.decisionId()).detail("alertId", alert.id().toString()).detail("check", c.check())
                .detail("runId", c.runId().toString()));
        log.error("RESIDENCY ALERT: {}", alert.summary());
    }

    private static String seam(String check) {
        if (check.startsWith("wrong-region-write")) {
            return Seam.INGRESS.name();
        }
        return check.startsWith("wrong-zone-export") ? Seam.EXPORT.name() : Seam.EGRESS.name();
    }

    /** The canary tenant of a zone, created on first use (not residency-locked: no approval; placed in the zone). */
    private Tenant canary(Zone zone) {
        List<Region> inZone = regions.inZone(zone);
        Region primary = inZone.get(0);
        Region failover = inZone.size() > 1 ? inZone.get(1)
                : regions.all().stream().filter(r -> !r.id().equals(primary.id())).findFirst().orElse(primary);
        return synthetic.ensure(new SyntheticTenants.Spec(slug(zone), "Residency probe (" + zone.displayName() + ")", zone.name(),
                primary.id().value(), failover.id().value(), "pii", "Canary tenant of the synthetic cross-region probe"));
    }

    private String token(Tenant canary, boolean renew) {
        return synthetic.token(canary.slug(), TOKEN_NAME, renew);
    }

    private static Optional<DestinationInfo> elsewhere(List<DestinationInfo> destinations, Zone zone, String preferred) {
        return destinations.stream().filter(d -> !d.zone().equals(zone.name()))
                .min(Comparator.comparing((DestinationInfo d) -> !d.name().contains(preferred)).thenComparing(DestinationInfo::name));
    }

    private static UUID uuid(DataPlaneClient.Answer a, String field) {
        String v = a == null ? null : a.text(field);
        try {
            return v == null ? null : UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long count(List<ProbeCheck> checks, Outcome outcome) {
        return checks.stream().filter(c -> c.outcome() == outcome).count();
    }
}
