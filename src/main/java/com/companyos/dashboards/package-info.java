/**
 * Dashboards: the overview every signed-in person lands on — for staff the executive overview (tenants, DCPs, region
 * agents, violations prevented, processing regions, DR lag and readiness, last drill, open approvals), assembled from
 * the aggregates other modules keep, never from receipts. Reads other modules through their services only. Depends on
 * {@code base}, {@code regions}, {@code tenants}, {@code residency}, {@code dr}, {@code approvals} and {@code security}
 * (it assembles the overview as the read-only {@code system:executive-overview} actor).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "approvals", "security", "regions", "tenants", "residency", "dr", "dcp"})
package com.companyos.dashboards;
