package com.companyos.probes.internal;

import com.companyos.base.RegionId;
import com.companyos.regions.Region;
import com.companyos.regions.RegionRegistry;
import com.companyos.tenants.SyntheticTenants;
import com.companyos.tenants.Tenant;
import org.springframework.stereotype.Component;

import java.util.Comparator;

/**
 * The synthetic tenant of each region ({@code probe-<region>}): lives in that region, fails over to another region
 * of its zone when there is one (else any other region: it is not residency-locked), holds only synthetic
 * {@code internal} records the probes write. Probes that touch tenant data run as it, against its own region.
 */
@Component
class RegionTenants {

    static final String TOKEN = "critical-path-probe";

    private final SyntheticTenants synthetic;
    private final RegionRegistry regions;

    RegionTenants(SyntheticTenants synthetic, RegionRegistry regions) {
        this.synthetic = synthetic;
        this.regions = regions;
    }

    static String slug(String region) {
        return Tenant.SYNTHETIC_PREFIX + region;
    }

    Region region(String place) {
        return regions.get(RegionId.of(place));
    }

    Tenant tenant(String place) {
        Region home = region(place);
        Region failover = regions.all().stream().filter(r -> !r.id().equals(home.id()))
                .min(Comparator.comparing((Region r) -> r.zone() != home.zone()).thenComparing(r -> r.id().value()))
                .orElse(home);
        return synthetic.ensure(new SyntheticTenants.Spec(slug(place), "Critical-path probe (" + place + ")", home.zone().name(),
                home.id().value(), failover.id().value(), "internal", "Synthetic tenant of the critical-path probes in " + place));
    }

    String token(String slug, boolean renew) {
        return synthetic.token(slug, TOKEN, renew);
    }
}
