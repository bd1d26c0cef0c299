package com.companyos.regions;

import com.companyos.agentapi.AgentPaths;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.IdentityFiles;
import com.companyos.pki.LocalCertificateAuthority.Usage;
import com.companyos.pki.LocalCertificateAuthority;
import com.companyos.pki.SpiffeId;
import com.companyos.pki.TlsIdentity;
import com.companyos.regions.AgentClient;
import com.companyos.support.ConsoleIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Mutual TLS between console and agents, against real agent processes: the agent refuses clients without a
 * certificate from the CompanyOS CA and refuses plain HTTP; the console refuses an agent that presents another
 * region's identity.
 */
class MutualTlsIT extends ConsoleIT {

    @Autowired
    ControlPlaneKeys controlPlane;
    @Autowired
    RegionRegistry registry;

    @BeforeEach
    void agentsUp() {
        awaitAllRegionsHealthy();
    }

    @Test
    void the_console_reaches_an_agent_that_proves_the_expected_region() {
        AgentClient client = new AgentClient(registry.get(EU_WEST), controlPlane.identity(), Duration.ofSeconds(5));
        var probe = client.health().join();
        assertThat(probe.report().region()).isEqualTo("eu-west");
        assertThat(probe.report().certificate().spiffeId()).isEqualTo("spiffe://companyos/region/eu-west");
        assertThat(probe.report().database().name()).isEqualTo("companyos_agent");
        assertThat(probe.peerCertificateNotAfter()).isNotNull();
    }

    @Test
    void a_console_expecting_eu_west_refuses_a_peer_presenting_us_east() {
        Region euWestAtUsEastAddress = new Region(EU_WEST, registry.get(EU_WEST).zone(), registry.get(US_EAST).agentUrl(),
                registry.get(US_EAST).dataUrl());
        AgentClient client = new AgentClient(euWestAtUsEastAddress, controlPlane.identity(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> client.health().join())
                .isInstanceOf(CompletionException.class)
                .satisfies(e -> assertThat(AgentClient.describe(e)).isEqualTo(
                        "Refused: peer presented spiffe://companyos/region/us-east, expected spiffe://companyos/region/eu-west"));
    }

    @Test
    void an_agent_refuses_a_client_without_a_certificate() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder().sslContext(trustOnly())
                .version(HttpClient.Version.HTTP_1_1).build();
        assertThatThrownBy(() -> anonymous.send(healthRequest(EU_WEST, "https"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void an_agent_refuses_plain_http() throws Exception {
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response;
        try {
            response = plain.send(healthRequest(EU_WEST, "http"), HttpResponse.BodyHandlers.ofString());
        } catch (IOException refusedOutright) {
            return; // connection closed without an answer: refused
        }
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("eu-west").doesNotContain("companyos_agent");
    }

    @Test
    void an_agent_refuses_a_certificate_from_another_ca_even_with_the_control_plane_identity() throws Exception {
        Path rogueDir = Files.createTempDirectory(DATA_DIR, "rogue-ca");
        LocalCertificateAuthority rogue = LocalCertificateAuthority.openOrCreate(rogueDir, Clock.systemUTC());
        rogue.ensureIdentity("control-plane", SpiffeId.controlPlane(), EnumSet.of(Usage.CLIENT), List.of());
        TlsIdentity impostor = TlsIdentity.load(new IdentityFiles(rogueDir.resolve("control-plane.crt"),
                rogueDir.resolve("control-plane.key"), DATA_DIR.resolve("pki").resolve("ca.crt")));
        HttpClient client = HttpClient.newBuilder()
                .sslContext(impostor.contextExpecting(SpiffeId.region(EU_WEST)))
                .version(HttpClient.Version.HTTP_1_1).build();
        assertThatThrownBy(() -> client.send(healthRequest(EU_WEST, "https"), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void an_agent_answers_403_to_a_certificate_from_the_ca_that_names_neither_console_nor_region() throws Exception {
        LocalCertificateAuthority ca = controlPlane.localCa().orElseThrow();
        var stranger = ca.ensureIdentity("test-stranger", new SpiffeId("spiffe://companyos/tenant-app/acme"),
                EnumSet.of(Usage.CLIENT), List.of());
        HttpClient client = HttpClient.newBuilder()
                .sslContext(TlsIdentity.load(stranger.files()).contextExpecting(SpiffeId.region(EU_WEST)))
                .version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = client.send(healthRequest(EU_WEST, "https"), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("CompanyOS identity is required").doesNotContain("companyos_agent");
    }

    @Test
    void signing_certificates_do_not_authenticate_as_the_identity_they_name() throws Exception {
        // Each carries a CompanyOS identity (the control plane's, a region's) but is issued for signing, not for TLS.
        for (String name : List.of("pki/control-plane-signing", "pki/platform-signing", "pki/document-signing",
                "agents/eu-west/pki/region-eu-west-signing", "agents/us-east/pki/region-us-east-signing")) {
            Path file = DATA_DIR.resolve(name);
            TlsIdentity signer = TlsIdentity.load(IdentityFiles.in(file.getParent(), file.getFileName().toString()));
            HttpClient client = HttpClient.newBuilder().sslContext(signer.contextExpecting(SpiffeId.region(EU_WEST)))
                    .version(HttpClient.Version.HTTP_1_1).build();
            Integer status;
            try {
                status = client.send(healthRequest(EU_WEST, "https"), HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (IOException refusedInTheHandshake) {
                status = null;
            }
            assertThat(status).as(name + " used as a TLS client certificate").isIn(403, null);
        }
        // The TLS certificate of the same identity is accepted: the refusal above is about the purpose, not the name.
        HttpClient console = HttpClient.newBuilder().sslContext(controlPlane.identity().contextExpecting(SpiffeId.region(EU_WEST)))
                .version(HttpClient.Version.HTTP_1_1).build();
        assertThat(console.send(healthRequest(EU_WEST, "https"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private HttpRequest healthRequest(com.companyos.base.RegionId region, String scheme) {
        return HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + AGENT_PORTS.get(region) + AgentPaths.HEALTH))
                .timeout(Duration.ofSeconds(5)).GET().build();
    }

    /** Trusts the CompanyOS CA but presents no certificate. */
    private static SSLContext trustOnly() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", com.companyos.pki.Pem.readCertificates(DATA_DIR.resolve("pki").resolve("ca.crt")).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
