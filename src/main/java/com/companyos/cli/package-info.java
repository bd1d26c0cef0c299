/**
 * The {@code companyos} command line: picocli commands that call the console's REST API with a personal API token
 * ({@code COMPANYOS_URL}, {@code COMPANYOS_TOKEN}). Starts no Spring context.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base", "tenants"})
package com.companyos.cli;
