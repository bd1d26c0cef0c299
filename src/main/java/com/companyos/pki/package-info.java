/**
 * Trust between processes: the local certificate authority of the embedded default, SPIFFE identities carried in
 * certificates ({@code spiffe://companyos/control-plane}, {@code spiffe://companyos/region/<id>}), the TLS material both
 * roles use for mutual TLS, and the console's HTTPS clients to the regions ({@link com.companyos.pki.TlsClients}). Plain
 * classes without Spring state, so the console and the agent use the same code.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"base"})
package com.companyos.pki;
