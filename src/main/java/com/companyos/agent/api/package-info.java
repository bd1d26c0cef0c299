/**
 * The agent's HTTP surface: the control port (mutual TLS; evidence, tenant administration, replication, health)
 * and the data port (the tenant data API). Controllers translate requests and errors; the decisions live elsewhere.
 */
package com.companyos.agent.api;
