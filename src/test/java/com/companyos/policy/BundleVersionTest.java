package com.companyos.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bundle versions order part by part, and only a newer version replaces the bundle in force. */
class BundleVersionTest {

    private static final String IN_FORCE_SHA = "a".repeat(64);
    private static final String OTHER_SHA = "b".repeat(64);

    @Test
    void versions_compare_numbers_as_numbers_and_a_longer_version_is_newer() {
        assertThat(BundleVersion.compare("2026.11.2", "2026.11.10")).isNegative();
        assertThat(BundleVersion.compare("2026.11.10", "2026.11.10-hotfix")).isNegative();
        assertThat(BundleVersion.compare("2026.11.90-weakened", "2026.11.91-restored")).isNegative();
        assertThat(BundleVersion.compare("2026.12.1", "2026.11.99")).isPositive();
        assertThat(BundleVersion.compare("2026.11.02", "2026.11.2")).isZero();
        assertThat(BundleVersion.compare("1.0.rc", "1.0.1")).isNegative();
    }

    @Test
    void only_a_newer_version_or_the_bundle_in_force_itself_is_accepted() {
        assertThat(BundleVersion.refusalToReplace("2026.11.3", IN_FORCE_SHA, "2026.11.4", OTHER_SHA)).isEmpty();
        assertThat(BundleVersion.refusalToReplace("2026.11.3", IN_FORCE_SHA, "2026.11.3", IN_FORCE_SHA)).isEmpty();
        assertThat(BundleVersion.refusalToReplace("2026.11.3", IN_FORCE_SHA, "2026.11.2", OTHER_SHA))
                .hasValueSatisfying(r -> assertThat(r).contains("older than 2026.11.3").contains("new version with the old content"));
        assertThat(BundleVersion.refusalToReplace("2026.11.3", IN_FORCE_SHA, "2026.11.3", OTHER_SHA))
                .hasValueSatisfying(r -> assertThat(r).contains("is the version in force").contains(OTHER_SHA));
    }

    @Test
    void a_version_is_letters_digits_and_separators_only() {
        assertThat(BundleVersion.requireWellFormed("2026.11.3-hotfix+1")).isEqualTo("2026.11.3-hotfix+1");
        assertThatThrownBy(() -> BundleVersion.requireWellFormed("2026.11.3\napproval: bootstrap"))
                .hasMessageContaining("is not a version");
        assertThatThrownBy(() -> BundleVersion.requireWellFormed("")).hasMessageContaining("is not a version");
    }
}
