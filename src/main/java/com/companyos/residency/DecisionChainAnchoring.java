package com.companyos.residency;

/** What anchoring a region's decision chain did: the anchor now latest (null if none), whether it is new, why not if refused. */
public record DecisionChainAnchoring(DecisionChainAnchor anchor, boolean taken, String problem) {
}
