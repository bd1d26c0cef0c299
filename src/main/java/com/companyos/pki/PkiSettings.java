package com.companyos.pki;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the console's TLS material comes from ({@code companyos.pki.*}).
 *
 * @param mode             {@code local-ca}: the embedded default creates a CA in {@code directory} on first start and
 *                         issues every certificate itself; {@code files}: production, the files are supplied
 * @param directory        the console's own folder, laid out as {@link IdentityFiles#in} (see {@link ProcessFolders}):
 *                         {@code ca.crt}, {@code control-plane.crt/.key} and its signing keys; in {@code local-ca} mode
 *                         also the CA ({@code ca.key}). Agents get folders of their own.
 * @param agentHostNames   DNS names / IP addresses put into locally issued agent certificates (for tools such as curl;
 *                         the console itself checks the SPIFFE ID, not the host name)
 */
@ConfigurationProperties("companyos.pki")
public record PkiSettings(
        @DefaultValue("local-ca") Mode mode,
        Path directory,
        @DefaultValue({"localhost", "127.0.0.1"}) List<String> agentHostNames) {

    /** Where certificates come from. */
    public enum Mode { LOCAL_CA, FILES }
}
