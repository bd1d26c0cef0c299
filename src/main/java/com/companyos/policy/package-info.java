/**
 * Residency policy: Cedar policies and schema from the repository ({@code policies/}), grouped into versioned, hashed
 * bundles per channel ({@code standard}, {@code dcp}); an engine that turns a question into a
 * {@link com.companyos.policy.PolicyDecision} with a time-ordered ID, the bundle's version and hash, and the IDs and
 * rationale of the policies that determined it. Deny by default. The engine classes are plain and used by the console
 * and the region agents; {@link com.companyos.policy.PolicyService} records the console's decisions in {@code db}, and
 * {@link com.companyos.policy.PolicyBundles} and the Policies view administer bundles (proposal, two-person
 * publishing), which is why this module still reaches console modules ({@code approvals}, {@code audit}, {@code keys},
 * {@code regions}) until bundle administration moves out of it.
 */
package com.companyos.policy;
