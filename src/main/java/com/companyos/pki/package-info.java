/**
 * Trust between processes: the local certificate authority of the embedded default, SPIFFE identities carried in
 * certificates ({@code spiffe://companyos/control-plane}, {@code spiffe://companyos/region/<id>}), and the TLS
 * material both roles use for mutual TLS. Plain classes without Spring state, so the console and the agent use the
 * same code.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base"})
package com.companyos.pki;
