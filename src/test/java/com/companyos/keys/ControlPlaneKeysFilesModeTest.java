package com.companyos.keys;

import com.companyos.base.RegionId;
import com.companyos.pki.PkiInit;
import com.companyos.pki.PkiSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code companyos.pki.mode=files} over what {@code --role=pki-init} writes: the console starts from its own folder. */
class ControlPlaneKeysFilesModeTest {

    @Test
    void the_console_starts_from_the_console_folder_pki_init_writes(@TempDir Path dir) {
        PkiInit.run(new String[]{"--role=pki-init", "--pki-dir=" + dir, "--regions=eu-west", "--agent-host-names=agent-{region}"});

        ControlPlaneKeys keys = filesMode(dir.resolve("console"));

        assertThat(keys.identity().spiffeId().isControlPlane()).isTrue();
        assertThat(keys.platformSigningKey()).isNotNull();
        assertThat(keys.receiptSigningKey()).isNotNull();
        assertThat(keys.documentSigningKey()).isNotNull();
        assertThat(keys.localCa()).isEmpty();
        assertThat(dir.resolve("console/ca.key")).doesNotExist();
    }

    @Test
    void a_locally_launched_agent_in_files_mode_needs_its_own_folder_and_is_told_what_is_missing(@TempDir Path dir) throws Exception {
        PkiInit.run(new String[]{"--role=pki-init", "--pki-dir=" + dir, "--regions=eu-west"});
        ControlPlaneKeys keys = filesMode(dir.resolve("console"));
        RegionId euWest = RegionId.of("eu-west");

        assertThat(keys.ensureRegionIdentity(euWest, dir.resolve("agents/eu-west"))).isEqualTo(dir.resolve("agents/eu-west"));
        Files.delete(dir.resolve("agents/eu-west/region-eu-west-signing.key"));
        assertThatThrownBy(() -> keys.ensureRegionIdentity(euWest, dir.resolve("agents/eu-west")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("companyos.pki.mode=files: the eu-west agent's folder " + dir.resolve("agents/eu-west")
                        + " lacks region-eu-west-signing.key (--role=pki-init writes them to agents/eu-west/)");
    }

    /** Files mode issues nothing, so it records nothing: no evidence recorder is needed. */
    private static ControlPlaneKeys filesMode(Path folder) {
        return new ControlPlaneKeys(new PkiSettings(PkiSettings.Mode.FILES, folder, List.of()), Clock.systemUTC(), null);
    }
}
