/**
 * The {@code companyos} command line: picocli commands that call the console's REST API with a personal API token
 * ({@code COMPANYOS_URL}, {@code COMPANYOS_TOKEN}). Starts no Spring context. Depends on {@code tenants} (request
 * and answer types) only.
 */
package com.companyos.cli;
