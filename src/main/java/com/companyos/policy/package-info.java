/**
 * Residency policy: Cedar policies and schema from the repository ({@code policies/}), grouped into versioned, hashed
 * bundles per channel ({@code standard}, {@code dcp}); an engine that turns a question into a
 * {@link com.companyos.policy.PolicyDecision} with a time-ordered ID, the bundle's version and hash, and the IDs and
 * rationale of the policies that determined it. Deny by default. The engine classes are plain and used by the console
 * and (later) the agents; {@link com.companyos.policy.PolicyService} records the console's decisions.
 * Depends on {@code base} (and, for the console's records, {@code db}).
 */
package com.companyos.policy;
