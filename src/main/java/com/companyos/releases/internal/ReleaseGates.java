package com.companyos.releases.internal;

import com.companyos.base.RegionId;
import com.companyos.policy.PolicyBundle;
import com.companyos.policyadmin.PolicyBundles;
import com.companyos.regions.Region;
import com.companyos.regions.RegionRegistry;
import com.companyos.releases.ProbeRunEvidence;
import com.companyos.releases.Release;
import com.companyos.releases.ReleaseProbeRuns;
import com.companyos.releases.Rollout;
import com.companyos.releases.RolloutVerdict;
import com.companyos.releases.ScorecardGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges a release's gates for one rollout. The agent gates are asked only when {@code askAgents} (the rollout is
 * about to go to 100 %, with the canary and the stable release side by side); otherwise their last judgement is kept,
 * or they are not run. Without a rollout (a release never canaried), every canary gate is not run.
 */
@Component
class ReleaseGates {

    private static final Logger log = LoggerFactory.getLogger(ReleaseGates.class);
    static final String PRODUCER_POLICY = "system:release-gates (PolicyTestMatrix through the Cedar engine on the release's bundle)";

    private final PolicyBundles policies;
    private final AgentGates agentGates;
    private final ReleaseStore store;
    private final RegionRegistry regions;
    private final ObjectProvider<ReleaseProbeRuns> probeRuns;
    private final ReleaseSettings settings;
    private final Clock clock;

    ReleaseGates(PolicyBundles policies, AgentGates agentGates, ReleaseStore store, RegionRegistry regions,
                 ObjectProvider<ReleaseProbeRuns> probeRuns, ReleaseSettings settings, Clock clock) {
        this.policies = policies;
        this.agentGates = agentGates;
        this.store = store;
        this.regions = regions;
        this.probeRuns = probeRuns;
        this.settings = settings;
        this.clock = clock;
    }

    List<GateJudgement> judge(Release release, Rollout rollout, boolean askAgents, Map<String, GateJudgement> earlier) {
        Instant now = clock.instant();
        List<GateJudgement> gates = new ArrayList<>();
        gates.add(policyTests(release, now));
        if (rollout == null) {
            Map<String, Object> inputs = Map.of("rollouts", 0);
            String why = "Release " + release.version() + " has had no canary rollout";
            gates.add(AgentGates.notRun(ScorecardRules.DETERMINISTIC_EXPORT, why, inputs, "judged against a running canary", AgentGates.PRODUCER_EXPORT, now));
            gates.add(AgentGates.notRun(ScorecardRules.SPEC_PARITY, why, inputs, "judged against a running canary", AgentGates.PRODUCER_SPEC, now));
            gates.add(AgentGates.notRun(ScorecardRules.CANARY_COMPLETED, why, inputs, "from the rollout's history", HistoryGates.PRODUCER, now));
            gates.add(AgentGates.notRun(ScorecardRules.SYNTHETIC_GREEN, why, inputs, "probe runs served during the canary", HistoryGates.PRODUCER, now));
            return gates;
        }
        Optional<Region> region = regions.find(RegionId.of(rollout.region()));
        for (String gate : List.of(ScorecardRules.DETERMINISTIC_EXPORT, ScorecardRules.SPEC_PARITY)) {
            if (askAgents && region.isPresent()) {
                gates.add(gate.equals(ScorecardRules.SPEC_PARITY) ? agentGates.specParity(rollout, region.get())
                        : agentGates.deterministicExport(rollout, region.get()));
            } else if (earlier.containsKey(gate)) {
                gates.add(earlier.get(gate));
            } else {
                gates.add(AgentGates.notRun(gate, "Not judged: the agent gates are judged when the rollout is about to go to 100 %, with "
                        + "the canary and the stable release side by side", Map.of("rollout", rollout.id().toString()),
                        "judged against a running canary", gate.equals(ScorecardRules.SPEC_PARITY) ? AgentGates.PRODUCER_SPEC
                                : AgentGates.PRODUCER_EXPORT, now));
            }
        }
        List<RolloutVerdict> verdicts = store.verdicts(rollout.id(), -1);
        gates.add(HistoryGates.canaryCompleted(rollout, verdicts, now));
        gates.add(HistoryGates.syntheticGreen(rollout, verdicts, runs(rollout, now), settings.requireProbeRuns(), now));
        return gates;
    }

    private List<ProbeRunEvidence> runs(Rollout r, Instant now) {
        ReleaseProbeRuns provider = probeRuns.getIfAvailable();
        if (provider == null) {
            return null;
        }
        try {
            List<ProbeRunEvidence> served = provider.servedBy(r.region(), r.version(), r.startedAt(), r.endedAt() == null ? now : r.endedAt());
            if (served.isEmpty() && r.endedAt() == null && r.canaryDataUrl() != null) {
                // No scheduled probe run reached the canary yet: run the region's probes now (their tenant is the canary's).
                provider.runNow(r.region());
                served = provider.servedBy(r.region(), r.version(), r.startedAt(), clock.instant());
            }
            return served;
        } catch (RuntimeException e) {
            log.warn("The probe runs served by {} in {} could not be read: {}", r.version(), r.region(), e.getMessage());
            return null;
        }
    }

    GateJudgement policyTests(Release release, Instant now) {
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("channel", release.policyChannel());
        inputs.put("version", release.policyVersion());
        inputs.put("sha256", release.policySha256());
        String threshold = "every case of the residency matrix (zones × seams × classifications, lock, aggregate, failover) is "
                + "answered as the product promises";
        PolicyBundle bundle;
        try {
            Optional<PolicyBundle> found = policies.bundleForChecks(release.policySha256());
            if (found.isEmpty()) {
                return AgentGates.notRun(ScorecardRules.POLICY_TESTS, "The release's policy bundle " + release.policyVersion()
                        + " is not in the registry", inputs, threshold, PRODUCER_POLICY, now);
            }
            bundle = found.get();
        } catch (RuntimeException e) {
            return GateJudgement.of(ScorecardRules.POLICY_TESTS, ScorecardGate.FAIL, "The release's policy bundle does not load: "
                    + e.getMessage(), inputs, threshold, PRODUCER_POLICY, now, Map.of("inputs", inputs, "error", String.valueOf(e.getMessage())));
        }
        List<PolicyTestMatrix.Result> results = PolicyTestMatrix.run(bundle, clock);
        return judgedMatrix(bundle, results, inputs, threshold, now);
    }

    static GateJudgement judgedMatrix(PolicyBundle bundle, List<PolicyTestMatrix.Result> results, Map<String, Object> inputs,
                                      String threshold, Instant now) {
        List<PolicyTestMatrix.Result> wrong = results.stream().filter(r -> !r.ok()).toList();
        Map<String, Object> in = new LinkedHashMap<>(inputs);
        in.put("cases", results.size());
        in.put("mismatches", wrong.size());
        String summary = wrong.isEmpty() ? "All " + results.size() + " allow/deny cases answered as expected"
                : wrong.size() + " of " + results.size() + " cases answered otherwise, e.g. " + String.join("; ", wrong.stream().limit(3)
                .map(r -> r.question().action() + " " + r.question().tenantZone() + (r.question().locked() ? " locked " : " ")
                        + new java.util.TreeMap<>(r.question().context()) + ": expected " + (r.question().expectAllow() ? "allow" : "deny"))
                .toList());
        return GateJudgement.of(ScorecardRules.POLICY_TESTS, wrong.isEmpty() ? ScorecardGate.PASS : ScorecardGate.FAIL, summary, in,
                threshold, PRODUCER_POLICY, now, PolicyTestMatrix.evidence(bundle, results));
    }
}
