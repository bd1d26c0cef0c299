package com.companyos.regions;

import com.companyos.base.RegionId;
import com.companyos.base.Zone;
import com.companyos.pki.SpiffeId;

import java.net.URI;

/**
 * An agent endpoint the control plane manages: a region's shared agent, or (with {@code partition}, a tenant slug) the
 * agent of that tenant's Dedicated Compliance Partition in the region. Its id, residency zone, the base URL of its
 * control API (mutual TLS) and of its tenant data API (where tenants' applications are sent).
 */
public record Region(RegionId id, Zone zone, URI agentUrl, URI dataUrl, String partition) {

    /** A region's shared agent. */
    public Region(RegionId id, Zone zone, URI agentUrl, URI dataUrl) {
        this(id, zone, agentUrl, dataUrl, null);
    }

    /** The identity the agent must prove in the TLS handshake. */
    public SpiffeId identity() {
        return SpiffeId.agent(id, partition);
    }

    /** Whether this is a Dedicated Compliance Partition's agent. */
    public boolean dedicated() {
        return partition != null;
    }

    /** A short name for logs and people: {@code eu-west} or {@code eu-west/dcp/acme-eu}. */
    public String label() {
        return partition == null ? id.value() : id.value() + "/dcp/" + partition;
    }
}
