package com.companyos.pki;

import java.nio.file.Path;

/**
 * Where a process's TLS identity lives on disk: its certificate chain (leaf first), its private key, and the CA
 * certificate(s) it trusts for its peers. In the embedded default the local CA writes these; in production they are
 * supplied (mounted secrets) and only read.
 */
public record IdentityFiles(Path certificateChain, Path privateKey, Path trustedCertificates) {

    /** The files for identity {@code name} in a folder laid out by {@link LocalCertificateAuthority}. */
    public static IdentityFiles in(Path directory, String name) {
        return new IdentityFiles(directory.resolve(name + ".crt"), directory.resolve(name + ".key"),
                directory.resolve(LocalCertificateAuthority.CA_CERT));
    }
}
