package com.companyos.approvals;

/** Where a request stands. EXECUTED, DENIED and EXPIRED are final; FAILED can be retried. */
public enum ApprovalStatus {
    PENDING("Waiting for approval"),
    APPROVED("Approved, executing shortly"),
    EXECUTING("Executing"),
    EXECUTED("Done"),
    FAILED("Execution failed"),
    DENIED("Denied"),
    EXPIRED("Expired");

    private final String label;

    ApprovalStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isOpen() {
        return this == PENDING || this == APPROVED || this == EXECUTING;
    }
}
