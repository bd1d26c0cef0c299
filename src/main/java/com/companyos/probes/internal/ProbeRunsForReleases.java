package com.companyos.probes.internal;

import com.companyos.probes.ProbeRun;
import com.companyos.releases.ProbeRunEvidence;
import com.companyos.releases.ReleaseProbeRuns;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The probe runs a release served, for the release scorecard's synthetic-green gate; and the synthetic tenant of the
 * region a rollout sends to its canary, so the tenant-scoped query probe's runs during a canary are the release's.
 */
@Component
class ProbeRunsForReleases implements ReleaseProbeRuns {

    private final ProbeStore store;

    ProbeRunsForReleases(ProbeStore store) {
        this.store = store;
    }

    @Override
    public List<ProbeRunEvidence> servedBy(String region, String version, Instant from, Instant to) {
        return store.servedBy(region, version, from, to.plusNanos(1)).stream()
                .filter(r -> r.release() != null && Arrays.asList(r.release().split(",")).contains(version))
                .map(ProbeRunsForReleases::evidence).toList();
    }

    @Override
    public List<String> canaryTenants(String region) {
        return List.of(RegionTenants.slug(region));
    }

    private static ProbeRunEvidence evidence(ProbeRun r) {
        return new ProbeRunEvidence(r.id(), r.probe(), r.place(), r.release(), r.status().id(), r.startedAt(), r.millis());
    }
}
