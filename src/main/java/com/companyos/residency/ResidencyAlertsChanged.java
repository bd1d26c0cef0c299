package com.companyos.residency;

import com.companyos.base.cluster.ClusterEvent;

/** Published when a residency alert is raised or acknowledged, on every console (menus and views refresh). */
public record ResidencyAlertsChanged() implements ClusterEvent {
}
