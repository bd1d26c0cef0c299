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
