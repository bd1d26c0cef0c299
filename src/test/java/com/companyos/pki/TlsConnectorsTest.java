package com.companyos.pki;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The JVM's TLS servers ignore the client's server name, and an operator's own list of ignored extensions is kept. */
class TlsConnectorsTest {

    private final String before = System.getProperty(TlsConnectors.SERVER_DISABLED_EXTENSIONS);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(TlsConnectors.SERVER_DISABLED_EXTENSIONS);
        } else {
            System.setProperty(TlsConnectors.SERVER_DISABLED_EXTENSIONS, before);
        }
    }

    @Test
    void server_name_is_added_once() {
        System.clearProperty(TlsConnectors.SERVER_DISABLED_EXTENSIONS);
        TlsConnectors.ignoreServerNames();
        TlsConnectors.ignoreServerNames();
        assertThat(System.getProperty(TlsConnectors.SERVER_DISABLED_EXTENSIONS)).isEqualTo("server_name");
    }

    @Test
    void an_operators_list_is_kept() {
        System.setProperty(TlsConnectors.SERVER_DISABLED_EXTENSIONS, "\"status_request, max_fragment_length\"");
        TlsConnectors.ignoreServerNames();
        assertThat(System.getProperty(TlsConnectors.SERVER_DISABLED_EXTENSIONS))
                .isEqualTo("status_request,max_fragment_length,server_name");
    }
}
