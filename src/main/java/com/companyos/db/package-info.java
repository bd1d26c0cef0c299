/**
 * jOOQ classes generated at build time from the live control-plane schema ({@code db/migrations}). Open to every
 * console module; by convention a module reads and writes only the tables it owns (named in its
 * {@code package-info}), through repositories in its {@code internal} package. The agent never uses this package: it
 * has its own schema in {@code com.companyos.agent.db}. See docs/adr/0002-persistence-and-module-boundaries.md.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN, allowedDependencies = {})
package com.companyos.db;
