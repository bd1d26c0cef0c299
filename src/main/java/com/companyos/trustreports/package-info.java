/**
 * Customer-facing Trust Reports: per tenant and period, a PAdES-signed PDF/A-3b report rendered with PDFBox from the
 * template in {@code reports/templates/}, with its facts attached as JSON (residency proofs from each region's hourly
 * receipt rollups — counts and Merkle roots only —, policy bundles in force, DCP posture, the last DR drill, the
 * synthetic probe). Owns tables {@code trust_report} and {@code trust_report_terms}. See {@code docs/adr/0009-trust-reports.md}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "db", "audit", "keys", "pki", "reports", "policy", "policyadmin", "regions", "tenants", "residency", "dr", "agentapi::control", "agentapi::data"})
package com.companyos.trustreports;
