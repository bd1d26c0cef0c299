/**
 * Disaster recovery for tenants running active-passive with a warm standby: failover and failback (two-person
 * approval, or an audited emergency flagged for review), the fencing epoch, the replication posture per tenant and
 * region (lag, readiness), and DR drills that kill a primary region's agent for real and measure RPO from data and
 * RTO per step, ending in a signed report. Owns tables {@code failover_event}, {@code replication_sample},
 * {@code dr_drill*}. The agents do the data work (replication, promotion,
 * fencing); this module tells them what to do and records it. A drill writes through the tenant data API like any client.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "db", "audit", "approvals", "security", "keys", "pki", "reports", "policy", "policyadmin", "regions", "tenants", "agentapi", "agentapi::control", "agentapi::data"})
package com.companyos.dr;
