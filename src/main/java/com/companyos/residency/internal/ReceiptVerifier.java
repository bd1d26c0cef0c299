package com.companyos.residency.internal;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.data.SignedReceipt;
import com.companyos.agentapi.control.SigningCertificate;
import com.companyos.base.RegionId;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.Pem;
import com.companyos.pki.SigningKey;
import com.companyos.pki.SpiffeId;
import com.companyos.regions.RegionAgents;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a receipt's Ed25519 signature with the certificate of whoever issued it: a region's signing certificate
 * (fetched from its agent once, and believed only if the CompanyOS CA issued it to that region), or the control
 * plane's own receipt certificate.
 */
@Component
public class ReceiptVerifier {

    /** The outcome, in words when it failed. */
    public record Verification(boolean verified, String detail) {
    }

    public static final String CONTROL_PLANE = "control-plane";

    private final RegionAgents agents;
    private final ControlPlaneKeys keys;
    private final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();

    ReceiptVerifier(RegionAgents agents, ControlPlaneKeys keys) {
        this.agents = agents;
        this.keys = keys;
    }

    public Verification verify(String issuer, SignedReceipt receipt) {
        X509Certificate certificate;
        try {
            certificate = certificate(issuer);
        } catch (RuntimeException e) {
            return new Verification(false, "The signing certificate of " + issuer + " is not available: " + e.getMessage());
        }
        boolean ok = SigningKey.verify(certificate.getPublicKey(), receipt.body().getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode(receipt.signature()));
        return ok ? new Verification(true, "Ed25519 signature verified with the signing certificate of " + issuer + " (key "
                + receipt.keyId() + ")")
                : new Verification(false, "The signature does not match the receipt: it was altered, or signed by another key");
    }

    private X509Certificate certificate(String issuer) {
        if (CONTROL_PLANE.equals(issuer)) {
            return keys.receiptSigningKey().certificate();
        }
        return certificates.computeIfAbsent(issuer, region -> {
            SigningCertificate sc = agents.client(RegionId.of(region)).get(AgentPaths.SIGNING_CERTIFICATE, SigningCertificate.class)
                    .orElseThrow(() -> new IllegalStateException("the agent does not serve it"));
            X509Certificate cert = Pem.readCertificates(sc.pem()).get(0);
            if (!keys.identity().vouchesFor(cert, SpiffeId.region(RegionId.of(region)))) {
                throw new IllegalStateException("the certificate the agent sent is not one the CompanyOS CA issued to " + region);
            }
            return cert;
        });
    }
}
