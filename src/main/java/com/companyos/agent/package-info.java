/**
 * The region agent role ({@code --role=agent --region=<id>}): the region-local data plane with its own PostgreSQL.
 * It serves its REST API over mutual TLS only, accepts only peers with a CompanyOS identity, and reports its health.
 *
 * <p>Its own small house: it never imports console modules. It may use {@code base}, {@code pki}, {@code agentapi}
 * and {@code policy} (whose Cedar engine it runs); the {@code ModularityTest} enforces this.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "pki", "agentapi", "policy"})
package com.companyos.agent;
