package com.companyos.pki;

import com.companyos.base.RegionId;
import com.companyos.pki.LocalCertificateAuthority.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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

class ProcessFoldersTest {

    private static final RegionId EU_WEST = RegionId.of("eu-west");

    @Test
    void an_agent_folder_holds_its_own_keys_the_ca_certificate_and_the_platform_signing_certificate_only(@TempDir Path dir)
            throws IOException {
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir.resolve("pki"), Clock.systemUTC());
        ProcessFolders.ensureConsole(ca, List.of("localhost"));
        Path agent = dir.resolve("agents/eu-west/pki");

        List<IssuedIdentity> issued = ProcessFolders.ensureAgent(ca, agent, EU_WEST, List.of("localhost"),
                dir.resolve("pki/platform-signing.crt"));

        assertThat(issued).allMatch(IssuedIdentity::newlyIssued).hasSize(2);
        assertThat(filesIn(agent)).isEqualTo(ProcessFolders.agentFiles(EU_WEST)).doesNotContain("ca.key", "platform-signing.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agent))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.resolve("region-eu-west.key")))).isEqualTo("rw-------");
        assertThat(TlsIdentity.load(IdentityFiles.in(agent, "region-eu-west")).spiffeId()).isEqualTo(SpiffeId.region(EU_WEST));
        // Nothing of the region is left in (or written to) the CA's folder.
        assertThat(filesIn(dir.resolve("pki"))).noneMatch(name -> name.startsWith("region-"));
    }

    @Test
    void a_second_fill_keeps_the_keys_and_deletes_a_private_key_that_is_not_the_agents(@TempDir Path dir) throws IOException {
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir.resolve("pki"), Clock.systemUTC());
        ProcessFolders.ensureConsole(ca, List.of());
        Path agent = dir.resolve("agent");
        ProcessFolders.ensureAgent(ca, agent, EU_WEST, List.of(), dir.resolve("pki/platform-signing.crt"));
        String key = Files.readString(agent.resolve("region-eu-west.key"));
        Files.copy(dir.resolve("pki/ca.key"), agent.resolve("ca.key"));
        Files.copy(dir.resolve("pki/control-plane.key"), agent.resolve("control-plane.key"));

        List<IssuedIdentity> again = ProcessFolders.ensureAgent(ca, agent, EU_WEST, List.of(), dir.resolve("pki/platform-signing.crt"));

        assertThat(again).noneMatch(IssuedIdentity::newlyIssued);
        assertThat(Files.readString(agent.resolve("region-eu-west.key"))).isEqualTo(key);
        assertThat(filesIn(agent)).isEqualTo(ProcessFolders.agentFiles(EU_WEST));
    }

    @Test
    void the_region_keys_of_the_old_shared_folder_are_moved_into_the_agent_folder_not_reissued(@TempDir Path dir) throws IOException {
        Path shared = dir.resolve("pki");
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(shared, Clock.systemUTC());
        ProcessFolders.ensureConsole(ca, List.of());
        IssuedIdentity oldTls = ca.ensureIdentity("region-eu-west", SpiffeId.region(EU_WEST), EnumSet.of(Usage.SERVER, Usage.CLIENT), List.of());
        ca.ensureSigningKey("region-eu-west-signing", SpiffeId.region(EU_WEST));
        String signingKey = Files.readString(shared.resolve("region-eu-west-signing.key"));
        Path agent = dir.resolve("agents/eu-west/pki");

        assertThat(ProcessFolders.adopt(shared, agent, "region-eu-west")).isTrue();
        assertThat(ProcessFolders.adopt(shared, agent, "region-eu-west-signing")).isTrue();
        assertThat(ProcessFolders.adopt(shared, agent, "region-eu-west")).isFalse();
        List<IssuedIdentity> issued = ProcessFolders.ensureAgent(ca, agent, EU_WEST, List.of(), shared.resolve("platform-signing.crt"));

        assertThat(issued).noneMatch(IssuedIdentity::newlyIssued);
        assertThat(issued.get(0).certificate()).isEqualTo(oldTls.certificate());
        assertThat(Files.readString(agent.resolve("region-eu-west-signing.key"))).isEqualTo(signingKey);
        assertThat(filesIn(shared)).noneMatch(name -> name.startsWith("region-"));
    }

    private static Set<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
