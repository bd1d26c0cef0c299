/**
 * The region agent role ({@code --role=agent --region=<id>}): the region-local data plane with its own PostgreSQL,
 * serving its REST API over mutual TLS (control port) and server TLS (data port). One sub-package per concern:
 * {@code api}, {@code data}, {@code decisions}, {@code replication}, {@code tenancy}, {@code store}, {@code runtime}.
 *
 * <p>It never reaches a console module, directly or through another module ({@code ModularityTest} checks the whole
 * reachable graph).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "pki", "policy", "agentapi", "agentapi::control", "agentapi::data", "agentapi::peer"})
package com.companyos.agent;
