package com.companyos.pki;

import com.companyos.base.RegionId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PkiInitTest {

    @Test
    void issues_the_files_that_pki_mode_files_reads_and_keeps_them_on_a_second_run(@TempDir Path dir) {
        PkiInit.run(new String[]{"--role=pki-init", "--pki-dir=" + dir, "--regions=eu-west,us-east",
                "--agent-host-names=agent-eu-west,localhost"});
        TlsIdentity console = TlsIdentity.load(IdentityFiles.in(dir, "control-plane"));
        TlsIdentity agent = TlsIdentity.load(IdentityFiles.in(dir, "region-us-east"));
        assertThat(console.spiffeId().isControlPlane()).isTrue();
        assertThat(agent.spiffeId()).isEqualTo(SpiffeId.region(RegionId.of("us-east")));
        var serial = agent.certificate().getSerialNumber();

        PkiInit.run(new String[]{"--role=pki-init", "--pki-dir=" + dir, "--regions=eu-west,us-east"});
        assertThat(TlsIdentity.load(IdentityFiles.in(dir, "region-us-east")).certificate().getSerialNumber()).isEqualTo(serial);
    }
}
