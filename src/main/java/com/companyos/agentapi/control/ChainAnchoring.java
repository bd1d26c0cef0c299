package com.companyos.agentapi.control;

/** A region's answer to {@link AnchorRequest}: the signed anchor of its head, or (anchor null) why it refused. */
public record ChainAnchoring(SignedAnchor anchor, String problem) {
}
