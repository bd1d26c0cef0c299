package com.companyos.policy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a tenant may be torn down, over the real Cedar engine and both channels' bundles. */
class TeardownPolicyTest {

    @ParameterizedTest(name = "{0}: holds={1}, retained={2}, verified={3} → allowed={4} ({5})")
    @CsvSource({
            "STANDARD, 0, 0, true,  true,  teardown-permitted",
            "STANDARD, 1, 0, true,  false, legal-hold-blocks-teardown",
            "STANDARD, 0, 5, true,  false, retention-blocks-teardown",
            "STANDARD, 0, 0, false, false, retention-blocks-teardown",
            "STANDARD, 2, 3, true,  false, legal-hold-blocks-teardown",
            "DCP,      0, 0, true,  true,  teardown-permitted",
            "DCP,      1, 0, true,  false, legal-hold-blocks-teardown"})
    void teardown_matrix(PolicyChannel channel, long holds, long retained, boolean verified, boolean allowed, String policy) {
        PolicyEngine engine = channel == PolicyChannel.DCP ? PlacementPolicyTest.DCP : PlacementPolicyTest.STANDARD;
        PolicyDecision d = engine.decide(new PolicyQuery(EntityRef.of("ControlPlane", "console"), "teardownTenant",
                new EntityRef("Tenant", "acme", Map.of("zone", "EU", "residencyLocked", true)),
                Map.of("activeLegalHolds", holds, "recordsUnderRetention", retained, "retentionVerified", verified)));
        assertThat(d.allowed()).as(d.explanation()).isEqualTo(allowed);
        assertThat(d.determiningPolicies()).contains(policy);
    }
}
