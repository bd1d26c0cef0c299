package com.companyos.residency;

/** Published when a residency alert is raised or acknowledged on this console (menus and views refresh). */
public record ResidencyAlertsChanged() {
}
