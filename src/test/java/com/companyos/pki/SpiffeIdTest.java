package com.companyos.pki;

import com.companyos.base.RegionId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpiffeIdTest {

    @Test
    void region_and_control_plane_identities() {
        assertThat(SpiffeId.region(RegionId.of("eu-west")).uri()).isEqualTo("spiffe://companyos/region/eu-west");
        assertThat(SpiffeId.region(RegionId.of("eu-west")).regionId()).contains(RegionId.of("eu-west"));
        assertThat(SpiffeId.controlPlane().isControlPlane()).isTrue();
        assertThat(SpiffeId.controlPlane().regionId()).isEmpty();
    }

    @Test
    void a_partition_agent_names_its_region_and_its_tenant_and_is_not_the_shared_agent() {
        SpiffeId dcp = SpiffeId.dcp(RegionId.of("eu-west"), "acme-eu");
        assertThat(dcp.uri()).isEqualTo("spiffe://companyos/region/eu-west/dcp/acme-eu");
        assertThat(dcp.regionId()).contains(RegionId.of("eu-west"));
        assertThat(dcp.partition()).contains("acme-eu");
        assertThat(dcp).isNotEqualTo(SpiffeId.region(RegionId.of("eu-west")));
        assertThat(SpiffeId.region(RegionId.of("eu-west")).partition()).isEmpty();
        assertThat(SpiffeId.agent(RegionId.of("eu-west"), null)).isEqualTo(SpiffeId.region(RegionId.of("eu-west")));
        assertThat(SpiffeId.agent(RegionId.of("eu-west"), "acme-eu")).isEqualTo(dcp);
        assertThat(SpiffeId.dcpSigning("acme-eu").regionId()).isEmpty(); // a signing identity is no agent
        assertThatThrownBy(() -> SpiffeId.dcp(RegionId.of("eu-west"), "../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SpiffeId.person("a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identities_outside_the_trust_domain_are_rejected() {
        assertThatThrownBy(() -> new SpiffeId("spiffe://evil/region/eu-west")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpiffeId("spiffe://companyos/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void region_ids_are_validated() {
        assertThat(RegionId.of("us-east-2").value()).isEqualTo("us-east-2");
        assertThatThrownBy(() -> RegionId.of("EU West")).hasMessageContaining("is not a region id");
        assertThatThrownBy(() -> RegionId.of("../etc")).isInstanceOf(IllegalArgumentException.class);
    }
}
