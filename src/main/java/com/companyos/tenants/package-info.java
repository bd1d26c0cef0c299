/**
 * The tenant lifecycle: validated, policy-checked, idempotent creation from one {@link com.companyos.tenants.TenantRequest}
 * (wizard, REST API and CLI all use {@link com.companyos.tenants.TenantService}), the {@code tenant.yaml} manifest,
 * legal holds, tenant API tokens, and safe teardown (dry-run plan, blocked by retention and legal holds, two-person
 * approval, deletion certificate). Residency-locked and DCP tenants, teardowns and legal-hold releases go through
 * two-person control ({@code approvals}). Owns tables {@code tenant*}, {@code legal_hold}, {@code deletion_certificate},
 * {@code tenant_api_token}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "db", "audit", "approvals", "security", "policy", "policyadmin", "regions", "agentapi", "agentapi::control", "agentapi::data"})
package com.companyos.tenants;
