package com.companyos.regions;

import com.companyos.base.RegionId;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where Dedicated Compliance Partitions' agents are: implemented by the module that provisions them, read by
 * {@link RegionAgents} so that every tenant-scoped call reaches the agent that holds the tenant's data.
 */
public interface PartitionEndpoints {

    /** The agent of tenant {@code tenantId}'s partition in {@code region}, while the partition serves the tenant. */
    Optional<Region> serving(UUID tenantId, RegionId region);

    /** Every partition agent that holds data (serving, degraded, in emergency fallback or draining). */
    List<Region> all();

    /**
     * After the tenant's data was removed from its partition (teardown): stops and deletes the partition's pools, storage
     * and keys, and returns what was removed, one line each, for the deletion certificate. Idempotent; empty when the
     * tenant has no partition.
     */
    List<String> release(UUID tenantId);
}
