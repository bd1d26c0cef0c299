package com.companyos.releases.internal;

import com.companyos.policy.EntityRef;
import com.companyos.policy.PolicyBundle;
import com.companyos.policy.PolicyChannel;
import com.companyos.policy.PolicyDecision;
import com.companyos.policy.PolicyEngine;
import com.companyos.policy.PolicyQuery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The allow/deny matrix a release's policy bundle must answer as the product promises: tenant zone × seam × target
 * zone × classification (and lock, aggregate, failover where the seam has them), run through the real Cedar engine.
 * The expected outcome is the product's stated rule, written here independently of the policies: a locked tenant is
 * processed, routed and exported only in its zone; pii and restricted never leave the zone; only aggregates leave it,
 * and only for unlocked tenants; a DCP tenant's data never leaves the zone; evidence is staged in the zone; a tenant
 * replicates only to its in-zone failover; an agent serves only its resident tenants.
 */
final class PolicyTestMatrix {

    static final List<String> ZONES = List.of("EU", "US", "APAC");
    static final List<String> CLASSIFICATIONS = List.of("public", "internal", "restricted", "pii");

    /** One question and the answer the product promises. */
    record Case(String seam, String action, String tenantZone, boolean locked, Map<String, Object> context, boolean expectAllow) {
    }

    /** What the bundle answered. */
    record Result(Case question, boolean allowed, List<String> determining) {
        boolean ok() {
            return allowed == question.expectAllow();
        }
    }

    private PolicyTestMatrix() {
    }

    static List<Case> cases(PolicyChannel channel) {
        boolean standard = channel == PolicyChannel.STANDARD;
        List<Case> cases = new ArrayList<>();
        for (String zone : ZONES) {
            for (boolean locked : List.of(true, false)) {
                for (String target : ZONES) {
                    boolean same = zone.equals(target);
                    cases.add(new Case("routing", "route", zone, locked, Map.of("targetRegion", "region-" + target.toLowerCase(),
                            "targetZone", target), same || !locked));
                    for (String action : List.of("write", "read")) {
                        for (boolean storageAllowed : List.of(true, false)) {
                            for (String classification : CLASSIFICATIONS) {
                                cases.add(new Case("write-storage", action, zone, locked, Map.of("classification", classification,
                                        "storageRegionAllowed", storageAllowed, "processingZone", target), storageAllowed && (same || !locked)));
                            }
                        }
                    }
                    for (String action : List.of("export", "egress")) {
                        for (String classification : CLASSIFICATIONS) {
                            boolean sensitive = classification.equals("pii") || classification.equals("restricted");
                            cases.add(new Case(action, action, zone, locked, Map.of("classification", classification,
                                    "destination", "archive-" + target.toLowerCase(), "destinationZone", target),
                                    same || (!sensitive && !locked && standard)));
                        }
                    }
                    for (boolean aggregate : List.of(true, false)) {
                        cases.add(new Case("analytics", "analytics", zone, locked, Map.of("aggregate", aggregate, "resultZone", target),
                                same || (aggregate && !locked && standard)));
                    }
                    cases.add(new Case("evidence-staging", "stageEvidence", zone, locked, Map.of("stagingZone", target), same));
                    for (boolean failover : List.of(true, false)) {
                        cases.add(new Case("replication", "replicate", zone, locked, Map.of("standbyRegion", "standby-" + target.toLowerCase(),
                                "standbyZone", target, "standbyIsFailover", failover), same && failover));
                    }
                }
                for (boolean resident : List.of(true, false)) {
                    cases.add(new Case("ingress", "ingress", zone, locked, Map.of("resident", resident, "homeRegion", "home-" + zone.toLowerCase()),
                            resident));
                }
            }
        }
        return cases;
    }

    /** Asks {@code bundle} every question of its channel's matrix. */
    static List<Result> run(PolicyBundle bundle, Clock clock) {
        PolicyEngine engine = new PolicyEngine(bundle, clock);
        List<Result> results = new ArrayList<>();
        for (Case c : cases(bundle.channel())) {
            EntityRef principal = c.action().equals("route") ? EntityRef.of("ControlPlane", "console")
                    : new EntityRef("Agent", "matrix-agent", Map.of("region", "matrix-agent", "zone", c.tenantZone()));
            EntityRef tenant = new EntityRef("Tenant", "matrix-tenant", Map.of("zone", c.tenantZone(), "residencyLocked", c.locked()));
            PolicyDecision d = engine.decideUncached(new PolicyQuery(principal, c.action(), tenant, c.context()));
            results.add(new Result(c, d.allowed(), d.determiningPolicies()));
        }
        return results;
    }

    /** The evidence file: every question, what was expected, what the bundle answered and which policies decided. */
    static Map<String, Object> evidence(PolicyBundle bundle, List<Result> results) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("gate", ScorecardRules.POLICY_TESTS);
        e.put("bundle", Map.of("channel", bundle.channel().folder(), "version", bundle.version(), "sha256", bundle.sha256()));
        e.put("engine", "cedar-java (com.companyos.policy.PolicyEngine, uncached)");
        e.put("cases", results.size());
        e.put("mismatches", results.stream().filter(r -> !r.ok()).count());
        e.put("results", results.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seam", r.question().seam());
            m.put("action", r.question().action());
            m.put("tenantZone", r.question().tenantZone());
            m.put("locked", r.question().locked());
            m.put("context", new java.util.TreeMap<>(r.question().context()));
            m.put("expected", r.question().expectAllow() ? "allow" : "deny");
            m.put("actual", r.allowed() ? "allow" : "deny");
            m.put("determining", r.determining());
            m.put("ok", r.ok());
            return m;
        }).toList());
        return e;
    }
}
