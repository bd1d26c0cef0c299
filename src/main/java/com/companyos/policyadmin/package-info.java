/**
 * Policy administration in the console: bundles proposed from the repository's {@code policies/} and published per
 * channel under two-person control, signed with the platform's policy key and served to the agents on the internal
 * API, the Policies view, and the console's own decisions recorded in {@code policy_decision}. Owns tables
 * {@code policy_bundle} and {@code policy_decision}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "db", "audit", "approvals", "keys", "pki", "policy", "regions", "agentapi::control"})
package com.companyos.policyadmin;
