/**
 * Tenants as this region knows them: the directory lookup, the namespaces (schema, index, object prefix) of resident
 * tenants, and their API tokens (hashes only, granted and revoked by the control plane).
 */
package com.companyos.agent.tenancy;
