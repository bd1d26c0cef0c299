/**
 * Dedicated Compliance Partitions: for one tenant, in its primary and its failover region, agent processes that serve
 * that tenant only (own identity {@code spiffe://companyos/region/<region>/dcp/<slug>}, own PostgreSQL with its own
 * credentials, own object store, own signing key, the {@code dcp} policy channel and the enterprise profile).
 * Requested with a reason, approved by two compliance officers bound to the hash of exactly what is provisioned,
 * provisioned step by step (resumable, exactly once), recorded in a co-signed DSSE statement. Owns tables
 * {@code dcp}, {@code dcp_step}. Pools are started through {@link com.companyos.dcp.internal.DcpPools}: local processes
 * in the embedded default, a Kubernetes adapter (untested) in production.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "db", "audit", "approvals", "security", "keys", "pki", "regions", "tenants", "slo", "agentapi", "agentapi::control", "agentapi::data"})
package com.companyos.dcp;
