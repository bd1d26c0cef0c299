/**
 * SLOs and multiwindow, multi-burn-rate alerts over agent targets (ADR 0012): per target (a region agent
 * {@code region:<id>}, later a DCP agent {@code dcp:<slug>:<region>}) an availability and a write-latency objective,
 * a sampler that stores the deltas of each target's cumulative request counters, error budgets, burn rates, and alerts
 * (audited, shown in the console, sent to the target's owner over an outbound webhook). Targets come from every
 * {@link com.companyos.slo.SloTargets} bean; this module implements it for the region agents.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "db", "audit", "regions", "agentapi", "agentapi::control"})
package com.companyos.slo;
