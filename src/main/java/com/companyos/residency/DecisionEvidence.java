package com.companyos.residency;

import com.companyos.agentapi.control.DecisionRecord;
import com.companyos.agentapi.data.SignedReceipt;

/**
 * One decision drilled into: the decision, the signed receipt that records it, and whether the receipt's signature
 * verifies with the signing certificate of the region that issued it ({@code verification} says why not).
 */
public record DecisionEvidence(String region, DecisionRecord decision, SignedReceipt receipt, boolean receiptVerified,
                               String verification) {
}
