package com.companyos.residency;

import com.companyos.agentapi.control.DecisionRecord;

/** A decision and the region whose decision log holds it ({@code control-plane} for routing decisions). */
public record RegionDecision(String region, DecisionRecord decision) {
}
