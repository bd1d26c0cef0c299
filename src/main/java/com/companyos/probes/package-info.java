/**
 * Synthetic probes of the critical paths and the paging of their owners (ADR 0015). A probe is data — name, kind,
 * the critical path it guards, its owner (required), interval, timeout (at most half the interval), retries, regions,
 * the degraded threshold and the N-of-M rule — and runs in each of its places (a region, or the console) on a
 * schedule kept in PostgreSQL: consoles claim due runs with {@code FOR UPDATE SKIP LOCKED} under a lease, so several
 * consoles run each probe once and a restart runs nothing early. Each run is pass, degraded, fail or probe error,
 * with its steps, timings, region and the release that served each step. N failed runs of the last M open an incident
 * per probe and place (a probe error opens one for the platform owner instead), which pages its owner over a webhook
 * (PagerDuty Events v2 or Alertmanager JSON) and email (SMTP), escalates to the next person when nobody acknowledges
 * it, resolves itself when the probe recovers, and stays silent inside maintenance windows. Owns the {@code probe*}
 * tables except {@code probe_result} (the residency module's). Feeds the release gates with the runs each release
 * served.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "db", "audit", "security", "keys", "pki",
        "regions", "tenants", "residency", "releases", "agentapi", "agentapi::control", "agentapi::data"})
package com.companyos.probes;
