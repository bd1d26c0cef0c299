/**
 * Residency as the control plane sees and proves it: routing (seam 1: where does a tenant live; a 307 to its region,
 * never its payload), the regions' evidence gathered for people (decisions over time by seam and region, denials with
 * their decision and receipt), per-tenant residency proof bundles built in the tenant's own region and streamed to
 * the person who asked, the scheduled synthetic cross-region probe and the residency alerts it raises. The console's
 * own routing decisions carry receipts signed with the control plane's key. Owns tables {@code receipt},
 * {@code residency_alert} and {@code probe_result}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "db", "audit", "security", "keys", "pki", "policy", "policyadmin", "regions", "tenants", "agentapi", "agentapi::control", "agentapi::data"})
package com.companyos.residency;
