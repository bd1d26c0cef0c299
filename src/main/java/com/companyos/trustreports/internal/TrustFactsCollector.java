package com.companyos.trustreports.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.ResidencyFacts;
import com.companyos.base.ArtifactType;
import com.companyos.dr.Drill;
import com.companyos.dr.DrillService;
import com.companyos.policy.PolicyBundle;
import com.companyos.policyadmin.PolicyService;
import com.companyos.regions.AgentClient;
import com.companyos.regions.Region;
import com.companyos.regions.RegionAgents;
import com.companyos.residency.ProbeCheck;
import com.companyos.residency.ResidencyAlerts;
import com.companyos.tenants.Tenant;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static com.companyos.trustreports.internal.OrderedMaps.ordered;

/**
 * Gathers a Trust Report's facts: the tenant, each region's residency aggregates for the period (asked in parallel;
 * a region computes them from its own hourly rollups and sends only counts and Merkle roots), the policy bundles, the
 * last DR drill, DCP posture and the synthetic probe. Called by a compliance officer's request, so the staff-only
 * services it reads allow it.
 */
@Component
public class TrustFactsCollector {

    private static final Duration REGION_TIMEOUT = Duration.ofSeconds(10);

    private final RegionAgents agents;
    private final PolicyService policy;
    private final DrillService drills;
    private final ResidencyAlerts probe;
    private final TaskExecutor executor;

    TrustFactsCollector(RegionAgents agents, PolicyService policy, DrillService drills, ResidencyAlerts probe,
                        TaskExecutor applicationTaskExecutor) {
        this.agents = agents;
        this.policy = policy;
        this.drills = drills;
        this.probe = probe;
        this.executor = applicationTaskExecutor;
    }

    /** The facts, in the order trust-report.json lists them. */
    public Map<String, Object> collect(UUID reportId, Tenant tenant, Instant from, Instant to, String generatedBy, Instant now,
                                       TrustReportTemplate template) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("artifact", ArtifactType.TRUST_REPORT.description());
        facts.put("classification", ArtifactType.TRUST_REPORT.classification());
        facts.put("retention", ArtifactType.TRUST_REPORT.retention());
        facts.put("report", ordered("id", reportId.toString(), "generatedAt", now.toString(), "generatedBy", generatedBy,
                "template", ordered("name", template.name(), "sha256", template.sha256())));
        facts.put("period", ordered("from", from.toString(), "to", to.toString(), "fromDate", LocalDate.ofInstant(from, ZoneOffset.UTC).toString(),
                "toDate", LocalDate.ofInstant(to.minusSeconds(1), ZoneOffset.UTC).toString(), "open", to.isAfter(now)));
        facts.put("tenant", tenant(tenant));
        List<ResidencyFacts> answered = new ArrayList<>();
        List<Map<String, Object>> unavailable = new ArrayList<>();
        // Evidence by slug before this tenant existed belongs to an earlier tenant with the same slug (issue 21, item 5).
        ask(tenant, tenant.evidenceFrom(from, true), to, answered, unavailable);
        facts.put("residency", TrustResidency.facts(answered, unavailable, from, to));
        facts.put("merkle", Map.of("construction", TrustResidency.CONSTRUCTION));
        facts.put("policy", policy(tenant, answered));
        facts.put("dcp", dcp(tenant));
        facts.put("dr", dr(tenant));
        facts.put("availability", availability(tenant));
        return facts;
    }

    private static Map<String, Object> tenant(Tenant t) {
        return ordered("id", t.id().toString(), "slug", t.slug(), "name", t.spec().name(), "zone", t.spec().zone().name(),
                "residencyLocked", t.spec().residencyLocked(), "primaryRegion", t.spec().primaryRegion().value(),
                "failoverRegion", t.spec().failoverRegion().value(), "activeRegion", t.activeRegion(), "standbyRegion", t.standbyRegion(),
                "failedOver", t.failedOver(), "policyChannel", t.spec().channel().folder(), "failoverOperations", t.failoverOperations(),
                "replicationMode", t.replicationMode(), "defaultClassification", t.spec().defaultClassification().label(),
                "retentionPolicy", t.spec().retentionPolicy().label());
    }

    /**
     * Every region's shared agent is asked (receipts of a tenant also arise where it does not live: a misdirected
     * request's denial), and the tenant's own Dedicated Compliance Partition agents, where its governed data is.
     */
    private void ask(Tenant tenant, Instant from, Instant to, List<ResidencyFacts> answered, List<Map<String, Object>> unavailable) {
        String base = AgentPaths.RESIDENCY_FACTS + "?tenant=" + URLEncoder.encode(tenant.slug(), StandardCharsets.UTF_8) + "&from=" + from
                + "&to=" + to + "&channel=";
        Map<String, CompletableFuture<ResidencyFacts>> calls = new TreeMap<>();
        for (Region region : agents.allEndpoints()) {
            if (region.dedicated() && !region.partition().equals(tenant.slug())) {
                continue;
            }
            String query = base + (region.dedicated() ? "dcp" : tenant.spec().channel().folder());
            AgentClient client = region.dedicated() ? agents.client(region) : agents.client(region.id(), REGION_TIMEOUT);
            calls.put(region.label(), CompletableFuture.supplyAsync(() -> client.get(query, ResidencyFacts.class).orElseThrow(), executor::execute));
        }
        String serving = agents.endpointFor(tenant.id(), com.companyos.base.RegionId.of(tenant.activeRegion())).label();
        calls.forEach((region, call) -> {
            try {
                answered.add(call.join());
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (region.equals(serving)) {
                    throw new com.companyos.base.ConflictException("The " + region + " region, which serves " + tenant.slug() + ", cannot be asked for its "
                            + "evidence now (" + AgentClient.describe(cause) + "); try again when it is healthy");
                }
                unavailable.add(ordered("region", region, "reason", AgentClient.describe(cause)));
            }
        });
    }

    private Map<String, Object> policy(Tenant tenant, List<ResidencyFacts> answered) {
        List<Map<String, Object>> inForce = new ArrayList<>();
        PolicyBundle console = policy.bundle(tenant.spec().channel());
        inForce.add(ordered("where", "control plane", "channel", tenant.spec().channel().folder(), "version", console.version(),
                "sha256", console.sha256(), "since", "—"));
        Map<String, Long> used = new TreeMap<>();
        for (ResidencyFacts r : answered) {
            if (r.bundleInForce() != null) {
                inForce.add(ordered("where", r.region(), "channel", r.bundleInForce().channel(), "version", r.bundleInForce().version(),
                        "sha256", r.bundleInForce().sha256(), "since", r.bundleInForce().activatedAt().toString()));
            }
            r.bundles().forEach(b -> used.merge(b.version() + "\t" + b.sha256(), b.receipts(), Long::sum));
        }
        List<Map<String, Object>> usedList = used.entrySet().stream().map(e -> ordered("version", e.getKey().split("\t", -1)[0],
                "sha256", e.getKey().split("\t", -1)[1], "receipts", e.getValue())).toList();
        return ordered("channel", tenant.spec().channel().folder(), "inForce", inForce, "used", usedList);
    }

    /** No Dedicated Compliance Partition is provisioned by this product yet: the report says so plainly. */
    private static Map<String, Object> dcp(Tenant tenant) {
        String statement = tenant.spec().dcpRequested()
                ? tenant.slug() + " asked for a Dedicated Compliance Partition and follows the stricter dcp policy channel, but no Dedicated "
                + "Compliance Partition has been provisioned for it: its data shares the regional pools with other tenants, in its own "
                + "namespace."
                : tenant.slug() + " has no Dedicated Compliance Partition: its data lives in the regional pools shared with other tenants, "
                + "each in its own namespace, under the " + tenant.spec().channel().folder() + " policy channel.";
        return ordered("present", false, "requested", tenant.spec().dcpRequested(), "statement", statement);
    }

    private Map<String, Object> dr(Tenant tenant) {
        List<Drill> recent = drills.recent(tenant.slug(), 10).stream().filter(Drill::finished).filter(d -> d.rtoSeconds() != null).toList();
        if (recent.isEmpty()) {
            return ordered("drilled", false, "statement", "No disaster-recovery drill has run for " + tenant.slug() + " yet, so no RPO or "
                    + "RTO has been measured. The warm standby in " + tenant.standbyRegion() + " receives every change; targets are "
                    + String.format(java.util.Locale.ROOT, "RPO ≤ %.1f s and RTO ≤ %.1f s.", DrillService.DEFAULT_RPO_SECONDS,
                    DrillService.DEFAULT_RTO_SECONDS));
        }
        Drill d = recent.get(0);
        double rpo = d.rpoSeconds() == null ? 0 : d.rpoSeconds();
        return ordered("drilled", true, "statement", "", "lastDrill", ordered("id", d.id().toString(), "finishedAt", d.finishedAt().toString(),
                "primaryRegion", d.primaryRegion(), "standbyRegion", d.standbyRegion(), "status", d.status(), "passed", Boolean.TRUE.equals(d.passed()),
                "rpo", ordered("targetSeconds", d.targetRpoSeconds(), "measuredSeconds", rpo, "recordsLost", d.rpoRecords(),
                        "met", rpo <= d.targetRpoSeconds()),
                "rto", ordered("targetSeconds", d.targetRtoSeconds(), "measuredSeconds", d.rtoSeconds(), "met", d.rtoSeconds() <= d.targetRtoSeconds())));
    }

    /** Availability: no availability probe exists yet; the residency probe's latest run for the tenant's zone is shown. */
    private Map<String, Object> availability(Tenant tenant) {
        List<ProbeCheck> zone = probe.latestProbe().stream().filter(c -> c.zone().equals(tenant.spec().zone().name())).toList();
        List<Map<String, Object>> checks = zone.stream().map(c -> ordered("checkedAt", c.checkedAt().toString(), "check", c.check(),
                "target", c.target(), "outcome", c.outcome().name())).toList();
        boolean held = zone.stream().noneMatch(c -> c.outcome() == ProbeCheck.Outcome.ALLOWED);
        String statement = "Availability is not reported: no synthetic availability probe runs for " + tenant.slug() + "'s regions yet. "
                + (checks.isEmpty() ? "The synthetic residency probe has not run for the " + tenant.spec().zone() + " zone yet."
                : "The synthetic residency probe's latest run for the " + tenant.spec().zone() + " zone tried to break residency "
                + checks.size() + " ways; " + (held ? "every attempt was denied." : "an attempt was allowed and raised an alert."));
        return ordered("measured", false, "statement", statement, "residencyProbe", ordered("ran", !checks.isEmpty(), "checks", checks));
    }
}
