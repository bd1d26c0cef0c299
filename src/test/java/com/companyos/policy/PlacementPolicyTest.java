package com.companyos.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tenant placement over the real Cedar engine and the bundles shipped in policies/. */
class PlacementPolicyTest {

    static final PolicyEngine STANDARD = new PolicyEngine(PolicyBundle.fromClasspath(PolicyChannel.STANDARD), Clock.systemUTC());
    static final PolicyEngine DCP = new PolicyEngine(PolicyBundle.fromClasspath(PolicyChannel.DCP), Clock.systemUTC());

    @ParameterizedTest(name = "{0}: {1}-zone tenant, locked={2}, {3} in {4} → {5}")
    @CsvSource({
            "standard, EU, true,  placePrimary,  EU, true",
            "standard, EU, true,  placeFailover, EU, true",
            "standard, US, true,  placeFailover, EU, false",
            "standard, US, true,  placePrimary,  EU, false",
            "standard, US, false, placeFailover, EU, true",
            "standard, APAC, false, placePrimary, US, true",
            "dcp,      EU, false, placeFailover, US, false",
            "dcp,      EU, false, placeFailover, EU, true",
            "dcp,      US, true,  placePrimary,  US, true"})
    void placement_matrix(String channel, String tenantZone, boolean locked, String action, String regionZone, boolean allowed) {
        PolicyEngine engine = channel.equals("dcp") ? DCP : STANDARD;
        PolicyDecision d = engine.decide(place(action, "some-region", regionZone, tenantZone, locked));
        assertThat(d.allowed()).as(d.explanation()).isEqualTo(allowed);
    }

    @Test
    void a_denial_names_the_policy_and_its_rationale_and_the_bundle() {
        PolicyDecision d = STANDARD.decide(place("placeFailover", "eu-west", "EU", "US", true));
        assertThat(d.allowed()).isFalse();
        assertThat(d.determiningPolicies()).containsExactly("residency-locked-placement");
        assertThat(d.explanation()).startsWith("Denied by residency-locked-placement: A residency-locked tenant's primary and failover regions must lie in its residency zone");
        assertThat(d.bundleSha256()).hasSize(64).isEqualTo(STANDARD.bundle().sha256());
        assertThat(d.bundleVersion()).isEqualTo("2026.11.2");
        assertThat(d.resource()).isEqualTo("CompanyOS::Region::\"eu-west\"");
        assertThat(d.decisionId().version()).isEqualTo(7);
    }

    @Test
    void an_allow_names_the_permitting_policy() {
        PolicyDecision d = STANDARD.decide(place("placePrimary", "eu-west", "EU", "EU", true));
        assertThat(d.allowed()).isTrue();
        assertThat(d.determiningPolicies()).containsExactly("placement-permitted");
    }

    @Test
    void a_question_the_schema_does_not_know_is_denied_not_guessed() {
        Map<String, Object> context = new HashMap<>(Map.of("tenant", "acme", "tenantZone", "EU"));
        // residencyLocked missing: the request does not validate against the schema
        PolicyDecision d = STANDARD.decide(new PolicyQuery(EntityRef.of("ControlPlane", "console"), "placePrimary",
                new EntityRef("Region", "eu-west", Map.of("zone", "EU")), context));
        assertThat(d.allowed()).isFalse();
        assertThat(d.explanation()).contains("Policy evaluation failed");
    }

    @Test
    void the_bundle_hash_covers_every_file_and_changes_with_one_byte() {
        PolicyBundle bundle = STANDARD.bundle();
        Map<String, String> files = new HashMap<>(bundle.files());
        assertThat(PolicyBundle.of(files).sha256()).isEqualTo(bundle.sha256());
        files.put("bundle.properties", files.get("bundle.properties").replace("2026.11.2", "2026.11.3"));
        assertThat(PolicyBundle.of(files).sha256()).isNotEqualTo(bundle.sha256());
        assertThat(bundle.manifest()).contains("schema.cedarschema").contains("residency-locked-placement.cedar");
    }

    @Test
    void a_bundle_whose_policy_does_not_match_the_schema_is_refused() {
        Map<String, String> files = new HashMap<>(STANDARD.bundle().files());
        files.put("broken.cedar", "permit (principal, action, resource) when { resource.country == \"DE\" };");
        assertThatThrownBy(() -> PolicyBundle.of(files)).hasMessageContaining("does not validate");
    }

    static PolicyQuery place(String action, String region, String regionZone, String tenantZone, boolean locked) {
        return new PolicyQuery(EntityRef.of("ControlPlane", "console"), action,
                new EntityRef("Region", region, Map.of("zone", regionZone)),
                Map.of("tenant", "acme", "tenantZone", tenantZone, "residencyLocked", locked));
    }
}
