package com.companyos.residency;

import com.companyos.agentapi.data.SignedReceipt;
import com.companyos.policy.PolicyDecision;

/** The policy refused to route a tenant's clients to the region that serves it; carries the decision and receipt. */
public class RouteDeniedException extends RuntimeException {

    private final transient PolicyDecision decision;
    private final SignedReceipt receipt;

    public RouteDeniedException(PolicyDecision decision, SignedReceipt receipt) {
        super(decision.explanation());
        this.decision = decision;
        this.receipt = receipt;
    }

    public PolicyDecision decision() {
        return decision;
    }

    public SignedReceipt receipt() {
        return receipt;
    }
}
