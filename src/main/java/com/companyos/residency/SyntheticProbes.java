package com.companyos.residency;

import java.net.URI;
import java.util.List;

/**
 * The synthetic probe tenants, sent at one region's data endpoints on demand: a release candidate and the stable
 * release of the same region answer the same probe requests, and anything the candidate answers differently — a 5xx,
 * a timeout, or an allowed request the stable release refuses (a residency violation) — is a failed probe. Canary
 * analysis forces these runs onto the canary.
 */
public interface SyntheticProbes {

    /** The slugs of the probe tenants whose requests {@link #compare} sends (one per zone that has regions). */
    List<String> tenants();

    /**
     * One run of the cross-region residency probe: for each zone's probe tenant, what residency must refuse (a write to
     * a region that does not serve it, a pii export and egress to another zone) is tried and judged; an allowed
     * attempt raises a residency alert. Returns every check.
     */
    List<ProbeCheck> runOnce();

    /** Sends each probe request to {@code candidate} and to {@code reference} (two data API base URLs of one region). */
    List<ProbeComparison> compare(URI candidate, URI reference);

    /**
     * One probe request's answers from the candidate and the reference; status 0 is no answer (unreachable, timed out).
     */
    record ProbeComparison(String tenant, String request, int candidateStatus, int referenceStatus, String detail) {

        /** The candidate failed the probe: no answer, a 5xx, or a different answer than the reference's. */
        public boolean failed() {
            return candidateStatus == 0 || candidateStatus >= 500 || referenceStatus != 0 && candidateStatus != referenceStatus;
        }

        /** The candidate allowed what the reference refused with a residency answer (421 misdirected, 403 denied). */
        public boolean residencyViolation() {
            return candidateStatus >= 200 && candidateStatus < 300 && (referenceStatus == 421 || referenceStatus == 403);
        }
    }
}
