package com.companyos.dcp.internal;

import com.companyos.base.RegionId;
import com.companyos.dcp.Dcp;

import java.util.List;
import java.util.Optional;

/**
 * Where a Dedicated Compliance Partition's compute pool and storage come from. The embedded default launches local
 * agent processes with their own embedded PostgreSQL ({@link LocalDcpPools}); a production deployment implements
 * this for its platform (see {@link KubernetesDcpPools}, untested). Every method is idempotent.
 */
public interface DcpPools {

    /**
     * Starts the partition's pool in {@code region} (or finds it running) with its own storage and identity, and
     * returns its endpoint; {@code known} is the endpoint recorded earlier, which a restart keeps.
     */
    Dcp.Endpoint start(String slug, RegionId region, Optional<Dcp.Endpoint> known);

    /** Stops the pool's processes; storage and keys stay. */
    void stop(String slug, RegionId region, Dcp.Endpoint endpoint);

    /** Stops the pool and deletes its storage and key material; returns what was removed, for the deletion certificate. */
    List<String> destroy(String slug, RegionId region, Dcp.Endpoint endpoint);

    /** What the plan records as the partition's storage ({@code embedded-postgres}, {@code external}). */
    String storage();
}
