package com.companyos.agent.replication;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One tenant's shipping lane: at most one batch in flight (order), the highest acknowledged sequence number that
 * synchronous writers wait on, and the last problem and decision the replication status reports.
 */
final class ShippingLane {

    private static final Logger log = LoggerFactory.getLogger(ReplicationShipper.class);

    /** Changes per batch (shipping and re-seeding). */
    static final int BATCH = 500;
    /** Wait after an unreachable or failing standby. */
    static final Duration PEER_BACKOFF = Duration.ofMillis(500);
    /** Wait after the policy refused the replication seam (a changed bundle or directory takes time). */
    static final Duration DENIED_BACKOFF = Duration.ofSeconds(30);

    final AtomicBoolean scheduled = new AtomicBoolean();
    final ReentrantLock running = new ReentrantLock();
    long acked = -1;
    volatile String problem;
    volatile long retryAtNanos;
    volatile UUID lastDecision;
    volatile boolean lastAllowed;
    volatile String standby;

    /** The standby has everything up to {@code seq}: wake the synchronous writers waiting for it. */
    void acked(long seq) {
        synchronized (this) {
            if (seq > acked) {
                acked = seq;
                notifyAll();
            }
        }
    }

    /**
     * The last replication decision. Written after the problem a denial sets, and read before it ({@link #view}), so a
     * status that shows a denial also shows why (the fields are volatile: a reader that sees this decision sees the
     * problem written before it).
     */
    void decided(UUID decisionId, boolean allowed) {
        lastAllowed = allowed;
        lastDecision = decisionId;
    }

    /** What the status shows: the decision first, then the problem (see {@link #decided}). */
    ReplicationRoles.LaneView view() {
        UUID decision = lastDecision;
        boolean allowed = lastAllowed;
        return new ReplicationRoles.LaneView(problem, decision, allowed);
    }

    /** Shipping stopped on {@code problem}; try again after {@code backoff} (logged once per distinct problem). */
    void problem(String problem, Duration backoff) {
        if (!problem.equals(this.problem)) {
            log.warn("Replication: {}", problem);
        }
        this.problem = problem;
        retryAtNanos = System.nanoTime() + backoff.toNanos();
    }
}
