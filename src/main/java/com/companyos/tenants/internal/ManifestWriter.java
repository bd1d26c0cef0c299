package com.companyos.tenants.internal;

import com.companyos.base.ArtifactType;

import com.companyos.base.Hashing;
import com.companyos.tenants.Contact;
import com.companyos.tenants.TenantResource;
import com.companyos.tenants.TenantSpec;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Writes {@code tenant.yaml} in one canonical form: fixed key order, every string double-quoted and escaped, lists
 * sorted, LF line ends. The last line is {@code manifestSha256: <hex>}, the SHA-256 of every byte before it, so
 * {@code head -n -1 tenant.yaml | sha256sum} checks it.
 */
public final class ManifestWriter {

    static final List<String> STORE_ORDER = List.of("CONTROL_DB", "REGIONAL_DB", "SEARCH_INDEX", "OBJECT_STORE", "REPLICA");

    private ManifestWriter() {
    }

    /** The manifest: the body plus its hash line. */
    public static String write(UUID tenantId, TenantSpec spec, String activeRegion, List<TenantResource> resources,
                               List<String> roles, String channel, String bundleVersion, String bundleSha256,
                               UUID approvalRequestId, Instant createdAt) {
        StringBuilder y = new StringBuilder();
        y.append("apiVersion: \"companyos/v1\"\n");
        y.append("kind: \"TenantManifest\"\n");
        y.append("classification: ").append(q(ArtifactType.TENANT_MANIFEST.classification())).append('\n');
        y.append("retention: ").append(q(ArtifactType.TENANT_MANIFEST.retention())).append('\n');
        y.append("tenant:\n");
        y.append("  id: ").append(q(tenantId.toString())).append('\n');
        y.append("  slug: ").append(q(spec.slug())).append('\n');
        y.append("  name: ").append(q(spec.name())).append('\n');
        y.append("  contacts:\n");
        for (Contact c : spec.contacts().stream().sorted(Comparator.comparing(Contact::email)).toList()) {
            y.append("    - name: ").append(q(c.name())).append('\n');
            y.append("      email: ").append(q(c.email())).append('\n');
            y.append("      role: ").append(q(c.role() == null ? "" : c.role())).append('\n');
        }
        y.append("residency:\n");
        y.append("  zone: ").append(q(spec.zone().name())).append('\n');
        y.append("  locked: ").append(spec.residencyLocked()).append('\n');
        y.append("  dedicatedCompliancePartition: ").append(spec.dcpRequested()).append('\n');
        y.append("regions:\n");
        y.append("  primary: ").append(q(spec.primaryRegion().value())).append('\n');
        y.append("  failover: ").append(q(spec.failoverRegion().value())).append('\n');
        y.append("  active: ").append(q(activeRegion)).append('\n');
        y.append("  failoverAllowedOperations: [")
                .append(String.join(", ", spec.failoverAllowedOperations().stream().map(Enum::name).sorted().map(ManifestWriter::q).toList()))
                .append("]\n");
        y.append("data:\n");
        y.append("  defaultClassification: ").append(q(spec.defaultClassification().label())).append('\n');
        y.append("  retentionPolicy: ").append(q(spec.retentionPolicy().label())).append('\n');
        y.append("resources:\n");
        for (TenantResource r : resources.stream().sorted(Comparator
                .comparing((TenantResource r) -> STORE_ORDER.indexOf(r.store()))
                .thenComparing(TenantResource::region).thenComparing(TenantResource::kind).thenComparing(TenantResource::id)).toList()) {
            y.append("  - store: ").append(q(r.store())).append('\n');
            y.append("    region: ").append(q(r.region())).append('\n');
            y.append("    kind: ").append(q(r.kind())).append('\n');
            y.append("    id: ").append(q(r.id())).append('\n');
        }
        y.append("roles: [").append(String.join(", ", roles.stream().sorted().map(ManifestWriter::q).toList())).append("]\n");
        y.append("policy:\n");
        y.append("  channel: ").append(q(channel)).append('\n');
        y.append("  bundleVersion: ").append(q(bundleVersion)).append('\n');
        y.append("  bundleSha256: ").append(q(bundleSha256)).append('\n');
        y.append("approval:\n");
        y.append("  requestId: ").append(approvalRequestId == null ? "null" : q(approvalRequestId.toString())).append('\n');
        y.append("createdAt: ").append(q(createdAt.toString())).append('\n');
        String body = y.toString();
        return body + "manifestSha256: " + q(Hashing.sha256Hex(body)) + "\n";
    }

    /** The hash recorded in a manifest's last line, after checking it matches the body; throws if it does not. */
    public static String verify(String manifest) {
        int at = manifest.lastIndexOf("manifestSha256: ");
        if (at < 0) {
            throw new IllegalArgumentException("Not a tenant manifest: no manifestSha256 line");
        }
        String recorded = manifest.substring(at + "manifestSha256: ".length()).trim().replace("\"", "");
        String actual = Hashing.sha256Hex(manifest.substring(0, at));
        if (!actual.equals(recorded)) {
            throw new IllegalArgumentException("Manifest hash mismatch: recorded " + recorded + ", actual " + actual);
        }
        return recorded;
    }

    static String q(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
