/**
 * The control plane's keys and certificates (console role only): the local CA of the embedded default, the console's
 * mutual-TLS identity, the platform's policy-signing key, the EC P-256 document-signing key
 * (signed PDF reports), and locally launched agents' identities and signing keys.
 *
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"audit", "base", "pki"})
package com.companyos.keys;
