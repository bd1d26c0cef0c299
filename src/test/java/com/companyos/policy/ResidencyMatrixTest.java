package com.companyos.policy;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The residency matrix over the real Cedar engine and the shipped bundles: tenant zone × classification × operation ×
 * destination zone, for locked and unlocked tenants, in both channels. The expected outcome is the product's stated
 * rule, written here independently of the policies: pii and restricted never leave the zone; nothing of a locked tenant
 * leaves the zone; a DCP tenant's data never leaves the zone.
 */
class ResidencyMatrixTest {

    static final String[] ZONES = {"EU", "US", "APAC"};
    static final String[] CLASSIFICATIONS = {"public", "internal", "restricted", "pii"};

    @TestFactory
    List<DynamicTest> export_and_egress_matrix() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String channel : List.of("standard", "dcp")) {
            for (String zone : ZONES) {
                for (String destination : ZONES) {
                    for (String classification : CLASSIFICATIONS) {
                        for (boolean locked : List.of(true, false)) {
                            for (String action : List.of("export", "egress")) {
                                boolean sameZone = zone.equals(destination);
                                boolean sensitive = classification.equals("pii") || classification.equals("restricted");
                                boolean expected = sameZone || (!sensitive && !locked && channel.equals("standard"));
                                String name = "%s %s %s tenant (%s) %s → %s: %s".formatted(channel, action, zone,
                                        locked ? "locked" : "unlocked", classification, destination, expected ? "allow" : "deny");
                                tests.add(DynamicTest.dynamicTest(name, () -> {
                                    PolicyDecision d = engine(channel).decide(new PolicyQuery(agent(), action, tenant(zone, locked),
                                            Map.of("classification", classification, "destination", "archive-" + destination.toLowerCase(),
                                                    "destinationZone", destination)));
                                    assertThat(d.allowed()).as(d.explanation()).isEqualTo(expected);
                                    assertThat(d.determiningPolicies()).isNotEmpty();
                                }));
                            }
                        }
                    }
                }
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> analytics_matrix() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String channel : List.of("standard", "dcp")) {
            for (String zone : ZONES) {
                for (String resultZone : ZONES) {
                    for (boolean aggregate : List.of(true, false)) {
                        for (boolean locked : List.of(true, false)) {
                            boolean expected = zone.equals(resultZone) || (aggregate && !locked && channel.equals("standard"));
                            tests.add(DynamicTest.dynamicTest("%s analytics %s tenant (%s, %s) results to %s: %s".formatted(channel, zone,
                                    locked ? "locked" : "unlocked", aggregate ? "aggregate" : "rows", resultZone, expected ? "allow" : "deny"), () -> {
                                PolicyDecision d = engine(channel).decide(new PolicyQuery(agent(), "analytics", tenant(zone, locked),
                                        Map.of("aggregate", aggregate, "resultZone", resultZone)));
                                assertThat(d.allowed()).as(d.explanation()).isEqualTo(expected);
                            }));
                        }
                    }
                }
            }
        }
        return tests;
    }

    @ParameterizedTest(name = "{0} locked={1} storageAllowed={2} processing {3} → {4} ({5})")
    @CsvSource({
            "write, true,  true,  EU, true,  write-in-allowed-region",
            "write, true,  false, EU, false, write-outside-allowed-regions",
            "write, true,  true,  US, false, locked-processing-in-zone",
            "write, false, true,  US, true,  write-in-allowed-region",
            "read,  true,  true,  EU, true,  write-in-allowed-region",
            "read,  false, false, EU, false, write-outside-allowed-regions"})
    void write_and_read(String action, boolean locked, boolean storageAllowed, String processingZone, boolean allowed, String policy) {
        PolicyDecision d = PlacementPolicyTest.STANDARD.decide(new PolicyQuery(agent(), action, tenant("EU", locked),
                Map.of("classification", "pii", "storageRegionAllowed", storageAllowed, "processingZone", processingZone)));
        assertThat(d.allowed()).as(d.explanation()).isEqualTo(allowed);
        assertThat(d.determiningPolicies()).contains(policy);
    }

    @Test
    void ingress_admits_resident_tenants_only_and_says_why() {
        PolicyDecision in = PlacementPolicyTest.STANDARD.decide(new PolicyQuery(agent(), "ingress", tenant("EU", true),
                Map.of("resident", true, "homeRegion", "eu-west")));
        PolicyDecision out = PlacementPolicyTest.STANDARD.decide(new PolicyQuery(agent(), "ingress", tenant("EU", true),
                Map.of("resident", false, "homeRegion", "eu-central")));
        assertThat(in.allowed()).isTrue();
        assertThat(out.allowed()).isFalse();
        assertThat(out.explanation()).contains("ingress-not-resident").contains("421");
    }

    @ParameterizedTest(name = "evidence for a {0} tenant staged in {1} → {2}")
    @CsvSource({"EU, EU, true", "EU, US, false", "US, US, true", "US, EU, false"})
    void evidence_staging_stays_in_zone(String zone, String stagingZone, boolean allowed) {
        for (PolicyEngine engine : List.of(PlacementPolicyTest.STANDARD, PlacementPolicyTest.DCP)) {
            assertThat(engine.decide(new PolicyQuery(agent(), "stageEvidence", tenant(zone, false), Map.of("stagingZone", stagingZone)))
                    .allowed()).isEqualTo(allowed);
        }
    }

    @ParameterizedTest(name = "route a {0} tenant (locked={1}) to a {2} region → {3}")
    @CsvSource({"EU, true, EU, true", "EU, true, US, false", "EU, false, US, true"})
    void routing(String zone, boolean locked, String targetZone, boolean allowed) {
        PolicyDecision d = PlacementPolicyTest.STANDARD.decide(new PolicyQuery(EntityRef.of("ControlPlane", "console"), "route",
                tenant(zone, locked), Map.of("targetRegion", "somewhere", "targetZone", targetZone)));
        assertThat(d.allowed()).as(d.explanation()).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "replicate a {0} tenant (locked={1}) to a {2} standby, failover={3} → {4} ({5})")
    @CsvSource({
            "EU, false, EU, true,  true,  replicate-to-failover",
            "EU, true,  EU, true,  true,  replicate-to-failover",
            "EU, false, US, true,  false, standby-stays-in-zone",
            "US, false, EU, true,  false, standby-stays-in-zone",
            "EU, false, EU, false, false, replicate-only-to-failover",
            "US, true,  US, false, false, replicate-only-to-failover"})
    void replication_only_to_the_in_zone_failover(String zone, boolean locked, String standbyZone, boolean failover, boolean allowed,
                                                  String policy) {
        for (PolicyEngine engine : List.of(PlacementPolicyTest.STANDARD, PlacementPolicyTest.DCP)) {
            PolicyDecision d = engine.decide(new PolicyQuery(agent(), "replicate", tenant(zone, locked),
                    Map.of("standbyRegion", "standby-1", "standbyZone", standbyZone, "standbyIsFailover", failover)));
            assertThat(d.allowed()).as(d.explanation()).isEqualTo(allowed);
            assertThat(d.determiningPolicies()).contains(policy);
        }
    }

    static PolicyEngine engine(String channel) {
        return channel.equals("dcp") ? PlacementPolicyTest.DCP : PlacementPolicyTest.STANDARD;
    }

    static EntityRef agent() {
        return new EntityRef("Agent", "eu-west", Map.of("region", "eu-west", "zone", "EU"));
    }

    static EntityRef tenant(String zone, boolean locked) {
        return new EntityRef("Tenant", "acme", Map.of("zone", zone, "residencyLocked", locked));
    }
}
