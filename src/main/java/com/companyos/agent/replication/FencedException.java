package com.companyos.agent.replication;

/**
 * A write refused because this region does not (or not yet) serve the tenant under the current epoch: it was failed
 * away from (fenced), it is the standby, or it restarted and the control plane has not yet confirmed its role.
 * Answered 409 (fenced, standby) or 503 with Retry-After (unconfirmed).
 */
public class FencedException extends RuntimeException {

    private final boolean retryable;
    private final long epoch;

    public FencedException(String message, boolean retryable, long epoch) {
        super(message);
        this.retryable = retryable;
        this.epoch = epoch;
    }

    public boolean retryable() {
        return retryable;
    }

    public long epoch() {
        return epoch;
    }
}
