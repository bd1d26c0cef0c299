package com.companyos.agent.data;

/**
 * A governed write that was not stored, and why, in the product's words: the regional database refused it for what it
 * holds (sending it again unchanged fails again), or the writer did not take it in time (retry). The message is the
 * client's answer; the database's own words stay in the agent log.
 */
public class WriteRefusedException extends RuntimeException {

    /** Why the write was not stored; only {@link #BUSY} is worth retrying as it is. */
    public enum Kind {
        /** The writer did not take the write (queue full, shutting down, or not taken in time): retry shortly. */
        BUSY,
        /** Over a limit of the regional database (SQLSTATE class 54), e.g. a search entry over 1 MiB. */
        TOO_LARGE,
        /** A value the regional database cannot store (class 22, data exception). */
        INVALID,
        /** Refused by a rule of the tenant's store or its state (integrity, a missing table): not a retry either. */
        CONFLICT
    }

    private final Kind kind;
    private final String sqlState;

    public WriteRefusedException(Kind kind, String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.sqlState = sqlState;
    }

    public Kind kind() {
        return kind;
    }

    /** The regional database's SQLSTATE, for the operator's runbook; null when the writer refused it itself. */
    public String sqlState() {
        return sqlState;
    }
}
