/**
 * The peer wire, agent to agent over mutual TLS: the hello that proves a peer region's identity and zone, and the
 * replication batches and acknowledgements between a tenant's active and standby regions.
 */
@org.springframework.modulith.NamedInterface("peer")
package com.companyos.agentapi.peer;
