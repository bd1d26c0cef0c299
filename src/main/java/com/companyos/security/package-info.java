/**
 * People and sign-in: local accounts in PostgreSQL (bcrypt) for the embedded default, OIDC through Keycloak in
 * production (realm roles and a tenant claim mapped to {@link com.companyos.base.Role} and the customer's tenant),
 * the console's filter chain, the login view and the access-denied page. Every refusal is audited.
 *
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"audit", "base", "db"})
package com.companyos.security;
