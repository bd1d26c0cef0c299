/**
 * The residency policy engine both roles run: Cedar policies and schema grouped into versioned, hashed, signed
 * bundles per channel ({@code standard}, {@code dcp}), and an engine that turns a question into a
 * {@link com.companyos.policy.PolicyDecision} (time-ordered ID, bundle version and hash, the determining policies and
 * their rationale), deny by default. Plain classes without Spring state or tables; bundle administration lives in
 * {@code policyadmin}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "pki"})
package com.companyos.policy;
