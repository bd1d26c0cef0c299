/**
 * The tenant data wire, a tenant's application to its region's data port (server TLS, API token): record writes and
 * reads, transfers (export, egress), analytics, misdirection answers and the signed receipts they return.
 */
@org.springframework.modulith.NamedInterface("data")
package com.companyos.agentapi.data;
