package com.companyos.pki;

import java.nio.file.Path;

/**
 * Where a process's TLS identity lives on disk: its certificate chain (leaf first), its private key, and the CA
 * certificate(s) it trusts for its peers. In the embedded default the local CA writes these; in production they are
 * supplied (mounted secrets) and only read.
 */
public record IdentityFiles(Path certificateChain, Path privateKey, Path trustedCertificates) {

    /**
     * The trusted CA certificate's file name in an identity folder. Part of the folder's layout, so it lives here: the
     * local CA writes its own certificate under this name, and supplied folders follow the same layout.
     */
    static final String CA_CERT = "ca.crt";

    /** The files for identity {@code name} in an identity folder: {@code <name>.crt}, {@code <name>.key} and the CA's certificate. */
    public static IdentityFiles in(Path directory, String name) {
        return new IdentityFiles(directory.resolve(name + ".crt"), directory.resolve(name + ".key"), directory.resolve(CA_CERT));
    }
}
