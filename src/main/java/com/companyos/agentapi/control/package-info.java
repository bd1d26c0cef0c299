/**
 * The control wire, console to agent over mutual TLS: namespaces, tokens, the tenant directory, destinations, role
 * changes, health, and the evidence the console reads back (decisions, chain checks, rollups, facts, proof bundles).
 */
@org.springframework.modulith.NamedInterface("control")
package com.companyos.agentapi.control;
