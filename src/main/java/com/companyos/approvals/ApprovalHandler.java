package com.companyos.approvals;

/**
 * Executes approved requests of one type; implemented by the module that owns the change.
 *
 * <p>Execution is at-least-once (a console that dies mid-execution leaves the request to be claimed again after the
 * lease), so {@link #execute} must be idempotent: running it twice for the same request has the effect of running it
 * once. Together with the claim and the compare-and-set on completion, that makes the effect exactly-once.
 */
public interface ApprovalHandler {

    String type();

    /** A short name for people, e.g. "Create tenant". */
    String title();

    /** Runs the approved change; returns a one-line summary of what was done. Throws to fail the attempt. */
    String execute(ApprovalRequest request);

    /** A handler from its type, title and (idempotent) execution. */
    static ApprovalHandler of(String type, String title, java.util.function.Function<ApprovalRequest, String> execution) {
        return new ApprovalHandler() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public String execute(ApprovalRequest request) {
                return execution.apply(request);
            }
        };
    }
}
