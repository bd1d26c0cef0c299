package com.companyos.pki;

import com.companyos.base.RegionId;
import com.companyos.pki.LocalCertificateAuthority.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PkiInitTest {

    private static final RegionId EU_WEST = RegionId.of("eu-west");
    private static final RegionId US_EAST = RegionId.of("us-east");

    @Test
    void issues_one_folder_per_process_that_files_mode_and_the_agents_read_and_keeps_them_on_a_second_run(@TempDir Path dir) {
        PkiInit.run(new String[]{"--role=pki-init", "--pki-dir=" + dir, "--regions=eu-west,us-east",
                "--agent-host-names=agent-{region},localhost"});
        Path console = dir.resolve("console");
        TlsIdentity consoleTls = TlsIdentity.load(IdentityFiles.in(console, "control-plane"));
        assertThat(consoleTls.spiffeId().isControlPlane()).isTrue();
        // The console also serves the agents' internal API, and signs bundles, receipts and PDF reports.
        assertThat(TlsPurpose.tlsServer(consoleTls.certificate())).isTrue();
        assertThat(TlsPurpose.tlsClient(consoleTls.certificate())).isTrue();
        SigningKey.load(console.resolve("platform-signing.key"), console.resolve("platform-signing.crt"));
        SigningKey.load(console.resolve("control-plane-signing.key"), console.resolve("control-plane-signing.crt"));
        DocumentSigningKey.load(IdentityFiles.in(console, "document-signing"));

        Path usEast = dir.resolve("agents/us-east");
        TlsIdentity agent = TlsIdentity.load(IdentityFiles.in(usEast, "region-us-east"));
        assertThat(agent.spiffeId()).isEqualTo(SpiffeId.region(US_EAST));
        SigningKey.load(usEast.resolve("region-us-east-signing.key"), usEast.resolve("region-us-east-signing.crt"));
        assertThat(Pem.readCertificates(usEast.resolve("platform-signing.crt")).get(0))
                .isEqualTo(Pem.readCertificates(console.resolve("platform-signing.crt")).get(0));
        var serial = agent.certificate().getSerialNumber();

        PkiInit.run(new String[]{"--role=pki-init", "--pki-dir=" + dir, "--regions=eu-west,us-east",
                "--agent-host-names=agent-{region},localhost"});
        assertThat(TlsIdentity.load(IdentityFiles.in(usEast, "region-us-east")).certificate().getSerialNumber()).isEqualTo(serial);
    }

    @Test
    void each_folder_holds_only_its_own_keys_and_only_the_ca_folder_holds_the_ca_key(@TempDir Path dir) throws IOException {
        PkiInit.run(new String[]{"--role=pki-init", "--pki-dir=" + dir, "--regions=eu-west,us-east"});

        assertThat(filesIn(dir.resolve("ca"))).containsExactlyInAnyOrder("ca.key", "ca.crt", "README-OFFLINE.txt");
        assertThat(Files.readString(dir.resolve("ca/README-OFFLINE.txt"))).contains("offline").contains("Mount this folder into no container");
        assertThat(filesIn(dir.resolve("console"))).containsExactlyInAnyOrder("ca.crt", "control-plane.crt", "control-plane.key",
                "control-plane-signing.crt", "control-plane-signing.key", "platform-signing.crt", "platform-signing.key",
                "document-signing.crt", "document-signing.key");
        assertThat(filesIn(dir.resolve("agents/eu-west"))).isEqualTo(ProcessFolders.agentFiles(EU_WEST))
                .containsExactlyInAnyOrder("ca.crt", "region-eu-west.crt", "region-eu-west.key", "region-eu-west-signing.crt",
                        "region-eu-west-signing.key", "platform-signing.crt");
        assertThat(filesIn(dir.resolve("agents/us-east"))).isEqualTo(ProcessFolders.agentFiles(US_EAST));
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals("ca.key")).toList()).containsExactly(dir.resolve("ca/ca.key"));
        }
        for (String folder : List.of("ca", "console", "agents/eu-west", "agents/us-east")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(folder)))).as(folder).isEqualTo("rwx------");
        }
    }

    @Test
    void each_region_certificate_carries_only_its_own_host_names(@TempDir Path dir) {
        // The old form of the option: every agent's name in one list.
        PkiInit.run(new String[]{"--role=pki-init", "--pki-dir=" + dir, "--regions=eu-west,us-east",
                "--agent-host-names=agent-eu-west,agent-us-east,localhost"});
        assertThat(hostNames(dir.resolve("agents/eu-west/region-eu-west.crt"))).containsExactlyInAnyOrder("agent-eu-west", "localhost");
        assertThat(hostNames(dir.resolve("agents/us-east/region-us-east.crt"))).containsExactlyInAnyOrder("agent-us-east", "localhost");

        PkiInit.run(new String[]{"--role=pki-init", "--pki-dir=" + dir, "--regions=eu-west,us-east",
                "--agent-host-names=agent-{region}.companyos.internal"});
        assertThat(hostNames(dir.resolve("agents/eu-west/region-eu-west.crt"))).containsExactly("agent-eu-west.companyos.internal");
    }

    @Test
    void a_folder_of_the_old_shared_layout_is_moved_into_one_folder_per_process_keeping_the_ca_and_the_keys(@TempDir Path dir)
            throws IOException {
        // As pki-init issued it before: everything in one folder, every agent name in every region certificate.
        LocalCertificateAuthority old = LocalCertificateAuthority.openOrCreate(dir, Clock.systemUTC());
        old.ensureIdentity("control-plane", SpiffeId.controlPlane(), EnumSet.of(Usage.CLIENT), List.of());
        old.ensureDocumentSigningKey("document-signing", SpiffeId.documentSigning());
        IssuedIdentity euWest = old.ensureIdentity("region-eu-west", SpiffeId.region(EU_WEST), EnumSet.of(Usage.SERVER, Usage.CLIENT),
                List.of("agent-eu-west", "agent-us-east"));
        String documentKey = Files.readString(dir.resolve("document-signing.key"));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PkiInit.issue(dir, List.of("eu-west", "us-east"), List.of("agent-eu-west", "agent-us-east"), List.of(), new PrintStream(out, true));

        assertThat(Pem.readCertificates(dir.resolve("ca/ca.crt")).get(0)).isEqualTo(old.certificate());
        assertThat(Files.readString(dir.resolve("console/document-signing.key"))).isEqualTo(documentKey);
        assertThat(hostNames(dir.resolve("agents/eu-west/region-eu-west.crt"))).containsExactly("agent-eu-west");
        assertThat(Pem.readCertificates(dir.resolve("agents/eu-west/region-eu-west.crt")).get(0)).isNotEqualTo(euWest.certificate());
        assertThat(filesIn(dir)).noneMatch(name -> name.endsWith(".key"));
        assertThat(out.toString()).contains("moved   the CA");
    }

    @Test
    void with_the_ca_key_taken_offline_it_refuses_rather_than_starting_a_new_ca(@TempDir Path dir) throws IOException {
        PkiInit.issue(dir, List.of("eu-west"), List.of(), List.of(), new PrintStream(new ByteArrayOutputStream()));
        Files.delete(dir.resolve("ca/ca.key"));
        var caCertificate = Files.readString(dir.resolve("ca/ca.crt"));

        assertThatThrownBy(() -> PkiInit.issue(dir, List.of("eu-west"), List.of(), List.of(), new PrintStream(new ByteArrayOutputStream())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The CA's key is not in " + dir.resolve("ca"));
        assertThat(Files.readString(dir.resolve("ca/ca.crt"))).isEqualTo(caCertificate);
    }

    @Test
    void host_names_go_to_their_own_region_only() {
        RegionId usEast2 = RegionId.of("us-east-2");
        List<RegionId> regions = List.of(US_EAST, usEast2, EU_WEST);
        List<String> names = List.of("agent-{region}", "agent-us-east", "agent-us-east-2", "localhost");
        assertThat(PkiInit.hostNamesFor(US_EAST, names, regions)).containsExactly("agent-us-east", "localhost");
        assertThat(PkiInit.hostNamesFor(usEast2, names, regions)).containsExactly("agent-us-east-2", "localhost");
        assertThat(PkiInit.hostNamesFor(EU_WEST, names, regions)).containsExactly("agent-eu-west", "localhost");
    }

    private static Set<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static Set<String> hostNames(Path certificate) {
        return LocalCertificateAuthority.hostNames(Pem.readCertificates(certificate).get(0));
    }
}
