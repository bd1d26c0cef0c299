package com.companyos.tenants;

import com.companyos.base.Classification;
import com.companyos.base.FailoverOperation;
import com.companyos.base.RegionId;
import com.companyos.base.RetentionPolicy;
import com.companyos.base.Zone;
import com.companyos.tenants.internal.ManifestWriter;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestWriterTest {

    static final UUID ID = UUID.fromString("70566299-6c38-3f91-81da-917158eda3dd");
    static final Instant AT = Instant.parse("2026-11-22T08:26:44Z");

    static TenantSpec spec(String name) {
        return new TenantSpec(name, "acme-eu", List.of(new Contact("Dana \"DPO\" Privacy", "dana@acme.example", "DPO")), Zone.EU, true,
                RegionId.of("eu-west"), RegionId.of("eu-central"), Set.of(FailoverOperation.WRITE, FailoverOperation.READ),
                Classification.PII, RetentionPolicy.YEARS_7, false);
    }

    static String write(TenantSpec spec, List<TenantResource> resources) {
        return ManifestWriter.write(ID, spec, "eu-west", resources, List.of("tenant-writer", "tenant-admin"), "standard", "2026.11.1",
                "a".repeat(64), null, AT);
    }

    @Test
    void the_same_tenant_always_gives_the_same_bytes_whatever_the_input_order() {
        TenantResource a = new TenantResource("REGIONAL_DB", "eu-west", "schema", "s", AT, null);
        TenantResource b = new TenantResource("CONTROL_DB", "control-plane", "role", "r", AT, null);
        assertThat(write(spec("Acme"), List.of(a, b))).isEqualTo(write(spec("Acme"), List.of(b, a)));
        String manifest = write(spec("Acme"), List.of(a, b));
        assertThat(manifest.indexOf("CONTROL_DB")).isLessThan(manifest.indexOf("REGIONAL_DB"));
        assertThat(manifest).contains("failoverAllowedOperations: [\"READ\", \"WRITE\"]").contains("roles: [\"tenant-admin\", \"tenant-writer\"]");
    }

    @Test
    void the_last_line_is_the_sha256_of_everything_before_it() {
        String manifest = write(spec("Acme"), List.of());
        String body = manifest.substring(0, manifest.lastIndexOf("manifestSha256: "));
        assertThat(ManifestWriter.verify(manifest)).isEqualTo(com.companyos.base.Hashing.sha256Hex(body));
        assertThat(manifest).endsWith("manifestSha256: \"" + com.companyos.base.Hashing.sha256Hex(body) + "\"\n");
    }

    @Test
    void a_changed_byte_is_detected_and_strings_are_escaped() {
        String manifest = write(spec("Acme"), List.of());
        assertThat(manifest).contains("name: \"Dana \\\"DPO\\\" Privacy\"");
        assertThatThrownBy(() -> ManifestWriter.verify(manifest.replace("Acme", "Acmf"))).hasMessageContaining("hash mismatch");
        assertThat(write(spec("Line\nbreak"), List.of())).contains("name: \"Line\\nbreak\"");
    }
}
