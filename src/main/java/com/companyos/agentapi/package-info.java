/**
 * The REST contract of the region agents, one sub-package per wire: {@code control} (console to agent),
 * {@code peer} (agent to agent) and {@code data} (a tenant's application to its region); {@link
 * com.companyos.agentapi.AgentPaths} is the one table of their paths. Records that travel as JSON, no behaviour.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base"})
package com.companyos.agentapi;
