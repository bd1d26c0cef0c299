package com.companyos.releases.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NormalTest {

    @Test
    void the_normal_cdf_matches_the_tables() {
        assertThat(Normal.cdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(Normal.cdf(1.959964)).isCloseTo(0.975, within(1e-7));
        assertThat(Normal.cdf(-1.644854)).isCloseTo(0.05, within(1e-7));
        assertThat(Normal.upperTail(3)).isCloseTo(0.0013498980, within(1e-9));
    }

    @Test
    void far_tails_keep_their_relative_accuracy() {
        // P(Z > 6) = 9.8659e-10; 1 - cdf(6) would lose it to cancellation.
        assertThat(Normal.upperTail(6)).isCloseTo(9.865876450377e-10, within(1e-15));
        assertThat(Normal.upperTail(-6)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void the_pooled_z_test_gives_the_textbook_value() {
        // 3 % of 1000 vs 1 % of 1000: pooled 2 %, z = 3.194, p = 0.00070.
        ZTest test = ZTest.pooledTwoProportion(30, 1000, 10, 1000);
        assertThat(test.z()).isCloseTo(3.19438, within(1e-5));
        assertThat(test.pValue()).isCloseTo(0.00070065, within(1e-7));
        assertThat(ZTest.pooledTwoProportion(0, 100, 0, 100).pValue()).isEqualTo(1.0);
        assertThat(ZTest.pooledTwoProportion(100, 100, 100, 100).pValue()).isEqualTo(1.0);
        assertThat(ZTest.oneSample(5, 100, 0).pValue()).isZero();
    }
}
