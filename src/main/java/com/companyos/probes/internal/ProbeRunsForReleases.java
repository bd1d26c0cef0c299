package com.companyos.probes.internal;

import com.companyos.base.Role;
import com.companyos.probes.ProbeRun;
import com.companyos.probes.ProbeService;
import com.companyos.security.SystemActor;
import com.companyos.releases.ProbeRunEvidence;
import com.companyos.releases.ReleaseProbeRuns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The probe runs a release served, for the release scorecard's synthetic-green gate; and the synthetic tenant of the
 * region a rollout sends to its canary, so the tenant-scoped query probe's runs during a canary are the release's.
 */
@Component
class ProbeRunsForReleases implements ReleaseProbeRuns {

    private static final Logger log = LoggerFactory.getLogger(ProbeRunsForReleases.class);
    private static final SystemActor ACTOR = new SystemActor("system:releases", Set.of(Role.OPERATOR));

    private final ProbeStore store;
    private final ProbeService probes;
    private final TransactionTemplate outside;

    ProbeRunsForReleases(ProbeStore store, @Lazy ProbeService probes, PlatformTransactionManager transactions) {
        this.store = store;
        this.probes = probes;
        // The gates ask inside the rollout's transaction; the probe's run, its tenant and its incidents are its own.
        this.outside = new TransactionTemplate(transactions);
        this.outside.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
    }

    @Override
    public List<ProbeRunEvidence> runNow(String region) {
        List<ProbeRunEvidence> runs = new ArrayList<>();
        for (String probe : List.of("tenant-query")) {
            try {
                ProbeRun run = outside.execute(s -> ACTOR.run(() -> probes.runNow(probe, region,
                        "Release gates: the canary of " + region + " is judged")));
                if (run != null) {
                    runs.add(evidence(run));
                }
            } catch (RuntimeException e) {
                // Running already (its run is counted when it ends) or not scheduled here: the gate judges what there is.
                log.info("Probe {} in {} not run for the release gates: {}", probe, region, e.getMessage());
            }
        }
        return runs;
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
