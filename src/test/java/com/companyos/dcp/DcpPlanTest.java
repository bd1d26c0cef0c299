package com.companyos.dcp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DcpPlanTest {

    static DcpPlan plan(List<String> regions, int pool, String storage) {
        return new DcpPlan("7b0c8f5e-0000-4000-8000-000000000001", "acme-eu", "EU", regions, pool, storage,
                "ed25519:spiffe://companyos/dcp/acme-eu/signing", "dcp", DcpPlan.PROFILE);
    }

    @Test
    void the_hash_covers_exactly_what_is_provisioned() {
        DcpPlan base = plan(List.of("eu-west", "eu-central"), 1, "embedded-postgres");
        assertThat(base.sha256()).isEqualTo(plan(List.of("eu-west", "eu-central"), 1, "embedded-postgres").sha256()).hasSize(64);
        assertThat(plan(List.of("eu-central", "eu-west"), 1, "embedded-postgres").sha256()).isNotEqualTo(base.sha256());
        assertThat(plan(List.of("eu-west", "eu-central"), 2, "embedded-postgres").sha256()).isNotEqualTo(base.sha256());
        assertThat(plan(List.of("eu-west", "eu-central"), 1, "external").sha256()).isNotEqualTo(base.sha256());
        assertThat(base.canonical()).startsWith("{").contains("\"poolSize\":1").doesNotContain("\n");
        assertThat(base.primaryRegion()).isEqualTo("eu-west");
        assertThat(base.failoverRegion()).isEqualTo("eu-central");
    }
}
