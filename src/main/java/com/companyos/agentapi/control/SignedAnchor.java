package com.companyos.agentapi.control;

/**
 * A signed checkpoint of a region's decision chain head. {@code body} is canonical JSON ({@code type}
 * {@value #TYPE}, {@code chain}, {@code seq}, {@code headHash}, {@code anchoredAt}); {@code signature} is the region's
 * Ed25519 signature over its UTF-8 bytes (base64), {@code keyId} names the region's signing key.
 */
public record SignedAnchor(String body, String signature, String keyId) {

    public static final String TYPE = "companyos/chain-anchor/v1";

    /** The chain name a region's decision log is anchored under. */
    public static String decisionChain(String region) {
        return "region/" + region + "/decision-log";
    }
}
