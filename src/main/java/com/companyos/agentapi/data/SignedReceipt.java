package com.companyos.agentapi.data;

/**
 * A receipt as stored and served: {@code body} is canonical JSON (what was done, where, under which decision and
 * bundle, the payload's SHA-256) and {@code signature} is the region's Ed25519 signature over exactly those bytes
 * (base64). {@code keyId} names the region's signing certificate.
 */
public record SignedReceipt(String receiptId, String body, String signature, String keyId) {
}
