package com.companyos.pki;

import com.companyos.base.RegionId;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A workload identity carried as a URI subject alternative name. Peers authenticate each other by this value, not by
 * host name, so an agent moved to another host keeps its identity and a host cannot claim another region's.
 */
public record SpiffeId(String uri) {

    private static final String TRUST_DOMAIN = "spiffe://companyos/";
    private static final int SAN_URI = 6;

    public SpiffeId {
        if (uri == null || !uri.startsWith(TRUST_DOMAIN) || uri.length() == TRUST_DOMAIN.length()) {
            throw new IllegalArgumentException("'" + uri + "' is not a CompanyOS SPIFFE ID (" + TRUST_DOMAIN + "...)");
        }
    }

    public static SpiffeId controlPlane() {
        return new SpiffeId(TRUST_DOMAIN + "control-plane");
    }

    /** The platform's policy-signing key: policy bundles must carry its signature. */
    public static SpiffeId platformPolicySigning() {
        return new SpiffeId(TRUST_DOMAIN + "control-plane/policy-signing");
    }

    /** The control plane's document-signing key: signed PDF reports (DR drill reports, Trust Reports) carry it. */
    public static SpiffeId documentSigning() {
        return new SpiffeId(TRUST_DOMAIN + "control-plane/document-signing");
    }

    public static SpiffeId region(RegionId region) {
        return new SpiffeId(TRUST_DOMAIN + "region/" + region.value());
    }

    /** The region this identity belongs to, if it is a region agent's identity. */
    public Optional<RegionId> regionId() {
        String prefix = TRUST_DOMAIN + "region/";
        return uri.startsWith(prefix) ? Optional.of(RegionId.of(uri.substring(prefix.length()))) : Optional.empty();
    }

    public boolean isControlPlane() {
        return equals(controlPlane());
    }

    /** The single CompanyOS SPIFFE ID in a certificate's URI SANs; empty if it has none or several. */
    public static Optional<SpiffeId> of(X509Certificate certificate) {
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans == null) {
                return Optional.empty();
            }
            List<String> ids = sans.stream()
                    .filter(san -> ((Integer) san.get(0)) == SAN_URI)
                    .map(san -> (String) san.get(1))
                    .filter(u -> u.startsWith(TRUST_DOMAIN))
                    .toList();
            return ids.size() == 1 ? Optional.of(new SpiffeId(ids.get(0))) : Optional.empty();
        } catch (CertificateParsingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return uri;
    }
}
