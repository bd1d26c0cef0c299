package com.companyos.releases;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A release's scorecard for one rollout: every gate, and the verdict — {@code go} only when every required gate passes
 * (pass or warn), no weighting. Sealed (signed with the platform key, immutable) when the rollout ended; until then a
 * draft, judged again whenever the rollout is about to go to 100 %.
 *
 * @param rolloutId null for a release that never had a rollout (every canary gate not run)
 * @param json      {@code release-scorecard.json} as signed (canonical JSON)
 */
public record ReleaseScorecard(String version, String region, UUID rolloutId, String verdict, List<ScorecardGate> gates,
                               Instant judgedAt, boolean sealed, Instant sealedAt, String sha256, String json) {

    public static final String GO = "go";
    public static final String NO_GO = "no-go";

    public boolean go() {
        return GO.equals(verdict);
    }

    /** The required gates that keep the verdict at no-go. */
    public List<ScorecardGate> blocking() {
        return gates.stream().filter(g -> g.required() && !g.passes()).toList();
    }
}
