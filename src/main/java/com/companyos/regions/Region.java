package com.companyos.regions;

import com.companyos.base.RegionId;
import com.companyos.base.Zone;

import java.net.URI;

/** A region the control plane manages: its id, residency zone and the base URL of its agent. */
public record Region(RegionId id, Zone zone, URI agentUrl) {
}
