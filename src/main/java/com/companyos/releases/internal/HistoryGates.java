package com.companyos.releases.internal;

import com.companyos.releases.ProbeRunEvidence;
import com.companyos.releases.Rollout;
import com.companyos.releases.RolloutState;
import com.companyos.releases.RolloutVerdict;
import com.companyos.releases.ScorecardGate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The gates judged from a rollout's own history: {@code canary-completed} (every step below 100 % passed its analysis,
 * no abort) and {@code synthetic-green} (the synthetic probes the canary analysis forced onto the release, and the
 * probe runs the release served). Pure: the inputs are records, so the rules are tested without a database.
 */
final class HistoryGates {

    static final String PRODUCER = "system:release-gates (canary analysis history)";

    private HistoryGates() {
    }

    static GateJudgement canaryCompleted(Rollout r, List<RolloutVerdict> verdicts, Instant now) {
        List<Map<String, Object>> steps = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        int below = 0;
        for (int i = 0; i < r.steps().size(); i++) {
            CanaryStep s = r.steps().get(i);
            int index = i;
            RolloutVerdict passed = verdicts.stream().filter(v -> v.stepIndex() == index && "ADVANCE".equals(v.action())).findFirst().orElse(null);
            long windows = verdicts.stream().filter(v -> v.stepIndex() == index).count();
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", i + 1);
            step.put("weightPercent", s.weightPercent());
            step.put("windows", windows);
            step.put("passedBy", passed == null ? null : passed.decisionId().toString());
            steps.add(step);
            if (s.weightPercent() < 100) {
                below++;
                if (passed == null) {
                    missing.add("step " + (i + 1) + " (" + s.weightPercent() + " %)");
                }
            }
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("rollout", r.id().toString());
        inputs.put("state", r.state().value());
        inputs.put("stepsBelow100", below);
        inputs.put("stepsPassed", below - missing.size());
        inputs.put("verdicts", verdicts.size());
        String status;
        String summary;
        if (r.state() == RolloutState.ABORTED) {
            status = ScorecardGate.FAIL;
            summary = "The rollout was aborted: " + r.endReason();
        } else if (r.state() == RolloutState.ROLLED_BACK) {
            status = ScorecardGate.FAIL;
            summary = "The rollout was rolled back before it completed: " + r.endReason();
        } else if (below == 0) {
            status = ScorecardGate.NOT_RUN;
            summary = "The rollout has no step below 100 %: nothing was judged before it would take all traffic";
        } else if (!missing.isEmpty()) {
            status = ScorecardGate.NOT_RUN;
            summary = String.join(", ", missing) + " has not passed its analysis (no advancing verdict)";
        } else {
            status = ScorecardGate.PASS;
            summary = "Every step before 100 % (" + below + ") passed its analysis; no abort";
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("rollout", Map.of("id", r.id().toString(), "region", r.region(), "version", r.version(), "from", r.fromVersion(),
                "state", r.state().value(), "startedAt", r.startedAt().toString(), "endReason", r.endReason() == null ? "" : r.endReason()));
        evidence.put("steps", steps);
        evidence.put("verdicts", verdicts.stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("decisionId", v.decisionId().toString());
            m.put("step", v.stepIndex() + 1);
            m.put("weight", v.weight());
            m.put("outcome", v.outcome());
            m.put("action", v.action());
            m.put("tripped", v.tripped());
            m.put("windowEnd", v.windowEnd().toString());
            return m;
        }).toList());
        return GateJudgement.of(ScorecardRules.CANARY_COMPLETED, status, summary, inputs,
                "every step below 100 % has an advancing verdict of the canary analysis, and the rollout was not aborted or rolled back",
                PRODUCER, now, evidence);
    }

    /**
     * @param runs the probe runs the release served during the rollout; null when no probes module provides them
     * @param requireProbeRuns whether the probes module's runs are required (else the analysis' synthetic probes alone
     *                         give at most a warning)
     */
    static GateJudgement syntheticGreen(Rollout r, List<RolloutVerdict> verdicts, List<ProbeRunEvidence> runs, boolean requireProbeRuns,
                                        Instant now) {
        int windows = 0;
        int failedWindows = 0;
        int consecutive = 0;
        int maxConsecutive = 0;
        List<String> failures = new ArrayList<>();
        for (RolloutVerdict v : verdicts) {
            Signal s = v.signals().stream().filter(x -> SignalRules.SYNTHETIC.equals(x.name())).findFirst().orElse(null);
            if (s == null || s.state() == SignalState.NOT_RUN || s.state() == SignalState.INCONCLUSIVE || s.state() == SignalState.ERROR) {
                continue;
            }
            windows++;
            if (s.failed()) {
                failedWindows++;
                consecutive++;
                maxConsecutive = Math.max(maxConsecutive, consecutive);
                failures.add(v.decisionId() + ": " + s.detail());
            } else {
                consecutive = 0;
            }
        }
        Map<String, Long> byStatus = new TreeMap<>();
        List<ProbeRunEvidence> served = runs == null ? List.of() : runs;
        served.forEach(p -> byStatus.merge(p.status(), 1L, Long::sum));
        long failedRuns = byStatus.getOrDefault("fail", 0L);
        long degraded = byStatus.getOrDefault("degraded", 0L);
        long probeErrors = byStatus.getOrDefault("probe_error", 0L);
        long judgedRuns = served.size() - probeErrors;

        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("analysisWindows", windows);
        inputs.put("analysisFailedWindows", failedWindows);
        inputs.put("probeRunsProvider", runs == null ? "none (no probes module)" : "probes module");
        inputs.put("probeRuns", served.size());
        inputs.put("probeRunsByStatus", byStatus);
        String status;
        String summary;
        if (failedRuns > 0 || maxConsecutive >= 2) {
            status = ScorecardGate.FAIL;
            summary = (failedRuns > 0 ? failedRuns + " probe run(s) served by the release failed" : "")
                    + (failedRuns > 0 && maxConsecutive >= 2 ? "; " : "")
                    + (maxConsecutive >= 2 ? "the canary analysis' synthetic probes failed in " + maxConsecutive + " windows in a row" : "");
        } else if (windows == 0 && judgedRuns == 0) {
            status = ScorecardGate.NOT_RUN;
            summary = "No synthetic probe ran against the release during its canary";
        } else if (judgedRuns == 0) {
            status = requireProbeRuns ? ScorecardGate.NOT_RUN : ScorecardGate.WARN;
            summary = "The canary analysis' synthetic probes passed in " + (windows - failedWindows) + " of " + windows + " windows; "
                    + (runs == null ? "no probes module provides probe runs" : "no probe run was served by the release")
                    + (requireProbeRuns ? " (required)" : "");
        } else if (failedWindows > 0 || degraded > 0 || probeErrors > 0) {
            status = ScorecardGate.WARN;
            summary = judgedRuns + " probe run(s) served, none failed; " + degraded + " degraded, " + probeErrors + " probe error(s); "
                    + failedWindows + " of " + windows + " analysis windows with a failed synthetic probe (never two in a row)";
        } else {
            status = ScorecardGate.PASS;
            summary = judgedRuns + " probe run(s) served by the release passed; synthetic probes passed in all " + windows + " analysis windows";
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("rollout", r.id().toString());
        evidence.put("analysisFailures", failures);
        evidence.put("probeRuns", served.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("runId", p.runId().toString());
            m.put("probe", p.probe());
            m.put("region", p.region());
            m.put("release", p.release());
            m.put("status", p.status());
            m.put("at", p.at().toString());
            m.put("millis", p.millis());
            return m;
        }).toList());
        return GateJudgement.of(ScorecardRules.SYNTHETIC_GREEN, status, summary, inputs,
                "no probe run served by the release failed and the analysis' synthetic probes never failed in two windows in a row; "
                        + "degraded runs, probe errors or a single failed window warn; nothing run is not a pass", PRODUCER, now, evidence);
    }
}
