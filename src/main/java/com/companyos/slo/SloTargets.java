package com.companyos.slo;

import java.util.List;

/**
 * A source of SLO targets. Every bean of this type is asked on each sampling round, so a module adds its agents by
 * declaring one (the region agents here; DCP agents in the {@code dcp} module). Keys must be unique over all sources
 * and stable: samples, SLO definitions and alerts are kept by key.
 */
public interface SloTargets {

    /** The targets to sample now (a target that disappears keeps its history; its open alerts resolve by themselves). */
    List<SloTarget> targets();
}
