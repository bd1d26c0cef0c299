package com.companyos.probes.internal;

import com.companyos.probes.ProbeKind;
import com.companyos.residency.ProbeCheck;
import com.companyos.residency.SyntheticProbes;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The residency probe as one probe of the framework: a run of the cross-region checks (each zone's probe tenant
 * tries what residency must refuse). Anything allowed fails the probe (and raises the residency alert, as before);
 * a run that proved nothing at all (every check inconclusive) fails too — silence is not evidence.
 */
@Component
class ResidencyPathProbe implements Probe {

    private final SyntheticProbes residency;

    ResidencyPathProbe(SyntheticProbes residency) {
        this.residency = residency;
    }

    @Override
    public ProbeKind kind() {
        return ProbeKind.RESIDENCY;
    }

    @Override
    public void attempt(ProbeAttempt a) throws PathFailure {
        long t0 = System.nanoTime();
        List<ProbeCheck> checks = residency.runOnce();
        List<ProbeCheck> allowed = checks.stream().filter(c -> c.outcome() == ProbeCheck.Outcome.ALLOWED).toList();
        long denied = checks.stream().filter(c -> c.outcome() == ProbeCheck.Outcome.DENIED).count();
        long inconclusive = checks.size() - denied - allowed.size();
        String counts = denied + " denied as required, " + allowed.size() + " allowed, " + inconclusive + " inconclusive";
        if (!allowed.isEmpty()) {
            throw a.failed("cross-region checks", t0, null, "RESIDENCY VIOLATION: " + allowed.stream()
                    .map(c -> c.check() + " by " + c.target() + " (HTTP " + c.httpStatus() + ")").toList() + " — " + counts);
        }
        if (denied == 0) {
            throw a.failed("cross-region checks", t0, null, "nothing was proven: " + counts
                    + (checks.isEmpty() ? "" : " (first: " + checks.get(0).detail() + ")"));
        }
        a.ok("cross-region checks", t0, null, counts);
    }
}
