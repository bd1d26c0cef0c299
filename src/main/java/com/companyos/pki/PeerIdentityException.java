package com.companyos.pki;

import java.security.cert.CertificateException;

/** A TLS peer proved a certificate from the trusted CA, but for an identity this side did not expect. */
public class PeerIdentityException extends CertificateException {

    public PeerIdentityException(String message) {
        super(message);
    }
}
