package com.companyos.agentapi.control;

/** A region's receipt-signing certificate (PEM, certificate then issuer); the console checks it chains to the CA. */
public record SigningCertificate(String region, String keyId, String pem) {
}
