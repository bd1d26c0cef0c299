/**
 * The agent process itself: its TLS identity, the start record, the data-port connector, the filters that admit
 * only CompanyOS peers on the control port, the parent watchdog and the health report.
 */
package com.companyos.agent.runtime;
