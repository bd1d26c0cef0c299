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
    private static final String DCP = "/dcp/";

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

    /**
     * The agent of a Dedicated Compliance Partition: the agent process in {@code region} that serves tenant {@code slug}
     * only ({@code spiffe://companyos/region/eu-west/dcp/acme-eu}).
     */
    public static SpiffeId dcp(RegionId region, String slug) {
        return new SpiffeId(TRUST_DOMAIN + "region/" + region.value() + DCP + requireSlug(slug));
    }

    /** A Dedicated Compliance Partition's own signing key (receipts, decision seals, proof bundles; never TLS). */
    public static SpiffeId dcpSigning(String slug) {
        return new SpiffeId(TRUST_DOMAIN + "dcp/" + requireSlug(slug) + "/signing");
    }

    /** A person's approval-signing key (custodial: held by the platform, used when that person's vote is recorded). */
    public static SpiffeId person(String username) {
        if (username == null || !username.matches("[A-Za-z0-9._@-]{1,128}")) {
            throw new IllegalArgumentException("'" + username + "' cannot name a person's signing identity");
        }
        return new SpiffeId(TRUST_DOMAIN + "person/" + username);
    }

    /**
     * The region this identity belongs to, if it is an agent's identity: a shared region agent's
     * ({@code region/eu-west}) or a Dedicated Compliance Partition's agent in that region ({@code region/eu-west/dcp/x}).
     */
    public Optional<RegionId> regionId() {
        String prefix = TRUST_DOMAIN + "region/";
        if (!uri.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = uri.substring(prefix.length());
        int dcp = rest.indexOf(DCP);
        try {
            return Optional.of(RegionId.of(dcp < 0 ? rest : rest.substring(0, dcp)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The tenant slug of a Dedicated Compliance Partition agent's identity; empty for a shared region agent's and others. */
    public Optional<String> partition() {
        String prefix = TRUST_DOMAIN + "region/";
        int dcp = uri.indexOf(DCP);
        return uri.startsWith(prefix) && dcp > 0 ? Optional.of(uri.substring(dcp + DCP.length())) : Optional.empty();
    }

    /** The identity of the agent that serves {@code region} in partition {@code partition} (null: the shared agent). */
    public static SpiffeId agent(RegionId region, String partition) {
        return partition == null ? region(region) : dcp(region, partition);
    }

    private static String requireSlug(String slug) {
        if (slug == null || !slug.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("'" + slug + "' is not a tenant slug");
        }
        return slug;
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
