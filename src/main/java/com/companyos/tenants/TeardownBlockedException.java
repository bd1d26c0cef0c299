package com.companyos.tenants;

import com.companyos.base.ConflictException;

/** A teardown was refused because retention or a legal hold applies (HTTP 409); the plan says what blocks it. */
public class TeardownBlockedException extends ConflictException {

    private final TeardownPlan plan;

    public TeardownBlockedException(TeardownPlan plan) {
        super("Teardown of " + plan.slug() + " is blocked: " + String.join("; ", plan.blockers())
                + ". Nothing was deleted. [decision " + plan.decisionId() + "]");
        this.plan = plan;
    }

    public TeardownPlan plan() {
        return plan;
    }
}
