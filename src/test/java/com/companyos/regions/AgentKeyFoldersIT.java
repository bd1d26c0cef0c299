package com.companyos.regions;

import com.companyos.base.RegionId;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.Fingerprints;
import com.companyos.pki.IdentityFiles;
import com.companyos.pki.TlsIdentity;
import com.companyos.support.ConsoleIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One key per identity in the embedded default: each locally launched agent is given its own folder, holding its
 * region's keys, the CA certificate and the platform-signing certificate, and never the CA key, the console's keys or
 * another region's. The stack starts from a data folder of the old shared layout for eu-west (see ConsoleIT), so this
 * also shows an upgrade.
 */
class AgentKeyFoldersIT extends ConsoleIT {

    @Autowired
    LocalAgentSupervisor supervisor;
    @Autowired
    RegionRegistry registry;
    @Autowired
    ControlPlaneKeys controlPlane;

    @BeforeEach
    void agentsUp() {
        awaitAllRegionsHealthy(); // every agent works from its own folder
    }

    @Test
    void each_agent_is_launched_with_a_folder_of_its_own_keys_only() throws IOException {
        for (RegionId region : List.of(EU_WEST, EU_CENTRAL, US_EAST)) {
            Path folder = DATA_DIR.resolve("agents").resolve(region.value()).resolve("pki");
            String r = "region-" + region.value();
            assertThat(filesIn(folder)).as(region.value()).containsExactlyInAnyOrder("ca.crt", r + ".crt", r + ".key",
                    r + "-signing.crt", r + "-signing.key", "platform-signing.crt");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve(r + ".key")))).isEqualTo("rw-------");
            assertThat(supervisor.process(region).orElseThrow().process().info().arguments().orElseThrow())
                    .contains("--companyos.agent.tls.directory=" + folder);
            // The agent serves with the certificate in that folder.
            assertThat(new AgentClient(registry.get(region), controlPlane.identity(), Duration.ofSeconds(5)).health().join()
                    .report().certificate().fingerprint())
                    .isEqualTo(Fingerprints.sha256(TlsIdentity.load(IdentityFiles.in(folder, r)).certificate()));
        }
    }

    @Test
    void the_console_keeps_the_ca_key_and_no_region_key_and_the_upgrade_moved_eu_west_keys_to_its_agent() throws IOException {
        Set<String> console = filesIn(DATA_DIR.resolve("pki"));
        assertThat(console).contains("ca.key", "control-plane.key", "platform-signing.key").noneMatch(name -> name.startsWith("region-"));
        assertThat(Files.readString(DATA_DIR.resolve("agents/eu-west/pki/region-eu-west-signing.key")))
                .isEqualTo(OLD_LAYOUT_EU_WEST_SIGNING_KEY);
    }

    private static Set<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }
}
