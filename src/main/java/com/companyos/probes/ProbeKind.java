package com.companyos.probes;

/**
 * What a probe does. Regional kinds run in each of the probe's regions against that region's synthetic tenant (the
 * tenant's data never leaves its region: the probe calls the region's own endpoint); console kinds run once.
 */
public enum ProbeKind {
    /** A synthetic account signs in to the console and loads a page. */
    LOGIN(false),
    /** Writes known records of a region's synthetic tenant and queries them back through the data API. */
    TENANT_QUERY(true),
    /** Builds a residency proof bundle of the synthetic tenant, verifies it and checks its deterministic parts. */
    EXPORT(true),
    /** Enqueues a job on the cluster's job scheduler and sees a worker run it within the deadline. */
    JOB_QUEUE(false),
    /** The residency probe: what residency must refuse across regions and zones is refused. */
    RESIDENCY(false);

    private final boolean regional;

    ProbeKind(boolean regional) {
        this.regional = regional;
    }

    public boolean regional() {
        return regional;
    }

    public String id() {
        return name().toLowerCase().replace('_', '-');
    }

    public static ProbeKind of(String id) {
        return valueOf(id.toUpperCase().replace('-', '_'));
    }
}
