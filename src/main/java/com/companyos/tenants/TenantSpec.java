package com.companyos.tenants;

import com.companyos.base.Classification;
import com.companyos.base.FailoverOperation;
import com.companyos.base.RegionId;
import com.companyos.base.RetentionPolicy;
import com.companyos.base.Zone;
import com.companyos.policy.PolicyChannel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** A validated tenant specification: what the tenant is, independent of who asked or when. */
public record TenantSpec(
        String name,
        String slug,
        List<Contact> contacts,
        Zone zone,
        boolean residencyLocked,
        RegionId primaryRegion,
        RegionId failoverRegion,
        Set<FailoverOperation> failoverAllowedOperations,
        Classification defaultClassification,
        RetentionPolicy retentionPolicy,
        boolean dcpRequested) {

    public TenantSpec {
        contacts = List.copyOf(contacts);
        failoverAllowedOperations = Set.copyOf(new TreeSet<>(failoverAllowedOperations));
    }

    /** DCP tenants follow the stricter policy channel. */
    public PolicyChannel channel() {
        return dcpRequested ? PolicyChannel.DCP : PolicyChannel.STANDARD;
    }

    /** Creation needs two-person approval when the tenant is residency-locked or asks for a DCP. */
    public boolean needsApproval() {
        return residencyLocked || dcpRequested;
    }

    /** Field by field, for "what differs from the existing tenant". */
    public Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("name", name);
        f.put("contacts", contacts.toString());
        f.put("residencyZone", zone.name());
        f.put("residencyLocked", Boolean.toString(residencyLocked));
        f.put("primaryRegion", primaryRegion.value());
        f.put("failoverRegion", failoverRegion.value());
        f.put("failoverAllowedOperations", new TreeSet<>(failoverAllowedOperations).toString());
        f.put("defaultClassification", defaultClassification.label());
        f.put("retentionPolicy", retentionPolicy.label());
        f.put("dcpRequested", Boolean.toString(dcpRequested));
        return f;
    }

    /** Every field whose value differs from {@code other}: field → [this, other]. */
    public Map<String, List<String>> differencesFrom(TenantSpec other) {
        Map<String, List<String>> diff = new LinkedHashMap<>();
        Map<String, String> mine = fields();
        other.fields().forEach((k, v) -> {
            if (!Objects.equals(mine.get(k), v)) {
                diff.put(k, List.of(v, mine.get(k)));
            }
        });
        return diff;
    }
}
