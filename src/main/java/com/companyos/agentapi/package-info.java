/**
 * The REST contract between the console and the region agents: paths and the records that travel as JSON over mutual
 * TLS. Both roles use it; it holds no behaviour. Depends only on {@code base}.
 */
package com.companyos.agentapi;
