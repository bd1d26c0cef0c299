package com.companyos.pki;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Predicate;

/**
 * A process's TLS identity loaded from {@link IdentityFiles}: the key and chain it presents, and the CA it trusts
 * for peers. Produces {@link SSLContext}s that accept only the peers the caller names.
 */
public final class TlsIdentity {

    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final List<X509Certificate> trusted;

    private TlsIdentity(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> trusted) {
        this.chain = chain;
        this.key = key;
        this.trusted = trusted;
    }

    public static TlsIdentity load(IdentityFiles files) {
        return new TlsIdentity(Pem.readCertificates(files.certificateChain()), Pem.readPrivateKey(files.privateKey()),
                Pem.readCertificates(files.trustedCertificates()));
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The certificate authorities this identity trusts. */
    public List<X509Certificate> trusted() {
        return trusted;
    }

    /**
     * Whether {@code certificate} was issued by one of the trusted authorities, is valid now and names {@code expected}:
     * how a receipt's signing certificate is checked before its signature is believed.
     */
    public boolean vouchesFor(X509Certificate certificate, SpiffeId expected) {
        if (!SpiffeId.of(certificate).map(expected::equals).orElse(false)) {
            return false;
        }
        for (X509Certificate ca : trusted) {
            try {
                certificate.verify(ca.getPublicKey());
                certificate.checkValidity();
                return true;
            } catch (GeneralSecurityException e) {
                // try the next authority
            }
        }
        return false;
    }

    public SpiffeId spiffeId() {
        return SpiffeId.of(certificate()).orElseThrow(() ->
                new IllegalStateException("Own certificate carries no CompanyOS SPIFFE ID"));
    }

    /** A context presenting this identity that accepts exactly one peer identity. */
    public SSLContext contextExpecting(SpiffeId expectedPeer) {
        return context(expectedPeer::equals, expectedPeer.toString());
    }

    /** A context presenting this identity that accepts peers for which {@code accepted} holds. */
    public SSLContext context(Predicate<SpiffeId> accepted, String expectation) {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("identity", key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, IN_MEMORY_PASSWORD);
            return TlsContexts.tls13(kmf.getKeyManagers(), new PeerIdentityTrustManager(TlsContexts.pkix(trusted), accepted, expectation));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot build a TLS context for " + spiffeId(), e);
        }
    }
}
