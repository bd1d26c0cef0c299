package com.companyos.releases.internal;

import com.companyos.releases.ReleaseScorecard;
import com.companyos.releases.ScorecardGate;

import java.util.List;

/**
 * The scorecard's verdict, all-or-nothing: go only when every required gate is there and passes (pass or warn). A
 * failed, not-run or missing required gate is no-go whatever the others say — there is no weighting that could hide
 * one — and {@code not_run} (nothing judged, or inconclusive) is never a pass.
 */
final class ScorecardRules {

    static final String POLICY_TESTS = "policy-tests";
    static final String DETERMINISTIC_EXPORT = "deterministic-export";
    static final String SPEC_PARITY = "spec-parity";
    static final String CANARY_COMPLETED = "canary-completed";
    static final String SYNTHETIC_GREEN = "synthetic-green";
    /** Every gate a scorecard has, in the order it shows them; all required. */
    static final List<String> REQUIRED = List.of(POLICY_TESTS, DETERMINISTIC_EXPORT, SPEC_PARITY, CANARY_COMPLETED, SYNTHETIC_GREEN);

    private ScorecardRules() {
    }

    static String verdict(List<ScorecardGate> gates) {
        for (String name : REQUIRED) {
            if (gates.stream().noneMatch(g -> g.name().equals(name))) {
                return ReleaseScorecard.NO_GO;
            }
        }
        return gates.stream().allMatch(g -> !g.required() || g.passes()) ? ReleaseScorecard.GO : ReleaseScorecard.NO_GO;
    }

    /** A required gate failed outright (as opposed to not run): the engine aborts instead of holding the rollout. */
    static boolean failed(List<ScorecardGate> gates) {
        return gates.stream().anyMatch(g -> g.required() && ScorecardGate.FAIL.equals(g.status()));
    }

    /** One line: the verdict and, for no-go, the gates that keep it there; for go, the gates that warned. */
    static String reason(List<ScorecardGate> gates) {
        String verdict = verdict(gates);
        List<String> missing = REQUIRED.stream().filter(n -> gates.stream().noneMatch(g -> g.name().equals(n))).toList();
        List<ScorecardGate> blocking = gates.stream().filter(g -> g.required() && !g.passes()).toList();
        if (ReleaseScorecard.GO.equals(verdict)) {
            List<ScorecardGate> warned = gates.stream().filter(g -> ScorecardGate.WARN.equals(g.status())).toList();
            return warned.isEmpty() ? "go: every required gate passed"
                    : "go: every required gate passed; warnings: " + String.join("; ", warned.stream().map(g -> g.name() + " (" + g.summary() + ")").toList());
        }
        StringBuilder s = new StringBuilder("no-go: ");
        s.append(String.join("; ", blocking.stream().map(g -> g.name() + " " + g.status() + " (" + g.summary() + ")").toList()));
        if (!missing.isEmpty()) {
            s.append(blocking.isEmpty() ? "" : "; ").append("not judged: ").append(String.join(", ", missing));
        }
        return s.toString();
    }
}
