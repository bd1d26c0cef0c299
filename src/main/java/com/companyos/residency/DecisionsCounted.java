package com.companyos.residency;

import com.companyos.base.cluster.ClusterEvent;

/** Published when a console counted new residency decisions into the rollups, on every console (charts refresh). */
public record DecisionsCounted() implements ClusterEvent {
}
