/**
 * Residency decisions and their evidence: the policy bundles in force, the guard that decides every seam, the signed
 * receipts and the hash-chained decision log, the hourly rollups and the per-tenant proof bundles.
 */
package com.companyos.agent.decisions;
