package com.companyos.releases.internal;

/**
 * A one-sided z-test that the canary's error share is larger than a reference, so a difference on a handful of
 * requests does not fail a release while the same difference on thousands does.
 *
 * @param z      the test statistic
 * @param pValue one-sided p-value, P(Z &gt; z)
 */
record ZTest(double z, double pValue) {

    /**
     * Pooled two-proportion test of H0 "the canary's share is not above the stable's". Both releases served traffic
     * in the same window, so under H0 they share one error rate, estimated from both samples together.
     */
    static ZTest pooledTwoProportion(long canaryErrors, long canaryRequests, long stableErrors, long stableRequests) {
        if (canaryRequests <= 0 || stableRequests <= 0) {
            throw new IllegalArgumentException("both samples need requests");
        }
        double canary = (double) canaryErrors / canaryRequests;
        double stable = (double) stableErrors / stableRequests;
        double pooled = (double) (canaryErrors + stableErrors) / (canaryRequests + stableRequests);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / canaryRequests + 1.0 / stableRequests));
        return of(canary - stable, se);
    }

    /**
     * One-sample test of H0 "the canary's share is at most {@code reference}", used when the stable served nothing to
     * compare with: the canary must then be significantly above the allowed increase itself.
     */
    static ZTest oneSample(long errors, long requests, double reference) {
        if (requests <= 0) {
            throw new IllegalArgumentException("the sample needs requests");
        }
        double share = (double) errors / requests;
        double se = Math.sqrt(reference * (1 - reference) / requests);
        return of(share - reference, se);
    }

    private static ZTest of(double difference, double se) {
        if (se == 0) {
            // No variance under H0 (no errors at all, or every request an error, or a zero reference): any excess is
            // certain, no excess is no evidence.
            return difference > 0 ? new ZTest(Double.POSITIVE_INFINITY, 0) : new ZTest(0, 1);
        }
        double z = difference / se;
        return new ZTest(z, Normal.upperTail(z));
    }
}
