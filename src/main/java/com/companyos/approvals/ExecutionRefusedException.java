package com.companyos.approvals;

/**
 * Thrown by a handler when an approved change must not happen after all (e.g. a legal hold was placed after the
 * approval). The request is marked FAILED at once, without retries; the message says why.
 */
public class ExecutionRefusedException extends RuntimeException {
    public ExecutionRefusedException(String message) {
        super(message);
    }
}
