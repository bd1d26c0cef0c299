/**
 * The regions the control plane runs tenants in, and the console's side of console → agent trust: the region
 * registry (from configuration), the mutual-TLS client that accepts only the expected region's identity, live health
 * of every agent, and, in the embedded default, the supervisor that runs each region's agent as a separate OS process.
 *
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "db", "audit", "keys", "pki", "agentapi", "agentapi::control"})
package com.companyos.regions;
