package com.companyos.support;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.AgentHealth;
import com.companyos.agentapi.control.TrafficState;
import com.companyos.base.RegionId;
import com.companyos.regions.RegionAgents;
import com.companyos.releases.ReleaseService;
import com.companyos.releases.Rollout;
import com.companyos.releases.RolloutVerdict;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** What release tests and benchmarks wait for: a rollout's end, its split in force at the router, an agent's release. */
public final class ReleaseWaits {

    private final ReleaseService releases;
    private final RegionAgents agents;
    private final RegionId region;

    public ReleaseWaits(ReleaseService releases, RegionAgents agents, RegionId region) {
        this.releases = releases;
        this.agents = agents;
        this.region = region;
    }

    public String stable() {
        return As.operator(() -> releases.regions()).stream().filter(r -> r.region().equals(region.value())).findFirst()
                .orElseThrow().stableVersion();
    }

    /** Aborts a rollout some earlier test left unfinished in the region (so this one starts from a quiet region). */
    public void abortUnfinished(String why) {
        As.operator(() -> releases.regions()).stream().filter(r -> r.region().equals(region.value()) && r.rollout() != null)
                .forEach(r -> As.operator(() -> releases.abort(r.rollout().id(), why)));
    }

    /** The rollout once {@code done} holds; fails with its last verdicts after {@code within}. */
    public Rollout rollout(UUID id, Predicate<Rollout> done, Duration within) {
        Instant deadline = Instant.now().plus(within);
        Rollout r = null;
        while (Instant.now().isBefore(deadline)) {
            r = As.operator(() -> releases.rollout(id));
            if (done.test(r)) {
                return r;
            }
            ConsoleIT.sleep(200);
        }
        List<RolloutVerdict> verdicts = As.operator(() -> releases.verdicts(id));
        throw new AssertionError("Rollout not done within " + within + ": " + r + "; last verdicts: "
                + verdicts.subList(Math.max(0, verdicts.size() - 3), verdicts.size()));
    }

    /**
     * When the rollout's split is in force at the region's router: the moment its canary starts serving (the step's
     * start from its history, if the rollout ended before this saw the split).
     */
    public Instant splitInForce(UUID rollout) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        String version = As.operator(() -> releases.rollout(rollout)).version();
        while (Instant.now().isBefore(deadline)) {
            var state = agents.client(region).get(AgentPaths.TRAFFIC, TrafficState.class);
            if (state.isPresent() && state.get().split() != null && version.equals(state.get().split().canaryRelease())) {
                return Instant.now();
            }
            if (As.operator(() -> releases.rollout(rollout)).state().finished()) {
                return As.operator(() -> releases.history(version)).events().stream().filter(e -> e.kind().equals("step-started"))
                        .findFirst().orElseThrow().at();
            }
            ConsoleIT.sleep(100);
        }
        throw new AssertionError("The canary's split was not in force within 3 minutes: "
                + As.operator(() -> releases.history(version)).events());
    }

    /** Until the region's agent answers its health, up, as {@code version}. */
    public void agentRelease(String version) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            try {
                AgentHealth h = agents.client(region).health().get(5, TimeUnit.SECONDS).report();
                if (h != null && version.equals(h.release()) && AgentHealth.UP.equals(h.status())) {
                    return;
                }
            } catch (Exception e) {
                // restarting
            }
            ConsoleIT.sleep(500);
        }
        throw new AssertionError("The " + region + " agent did not come up on release " + version);
    }

    /** Until the scorecard of {@code version}'s latest rollout is sealed (its rollout ended). */
    public com.companyos.releases.ReleaseScorecard sealedScorecard(String version) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            com.companyos.releases.ReleaseScorecard card = As.operator(() -> releases.scorecard(version, null));
            if (card.sealed()) {
                return card;
            }
            ConsoleIT.sleep(300);
        }
        throw new AssertionError("The scorecard of " + version + " was not sealed after its rollout ended");
    }
}
