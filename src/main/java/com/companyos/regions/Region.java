package com.companyos.regions;

import com.companyos.base.RegionId;
import com.companyos.base.Zone;

import java.net.URI;

/**
 * A region the control plane manages: its id, residency zone, the base URL of its agent's control API (mutual TLS)
 * and of its tenant data API (where tenants' applications are sent).
 */
public record Region(RegionId id, Zone zone, URI agentUrl, URI dataUrl) {
}
