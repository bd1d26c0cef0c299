package com.companyos.policyadmin;

import com.companyos.policy.PolicyDecision;

/** A decision as the console recorded it, with the explanation people read (stored with it at decision time). */
public record RecordedDecision(PolicyDecision decision, String explanation) {
}
