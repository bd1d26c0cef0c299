package com.companyos.pki;

import com.companyos.base.RegionId;
import com.companyos.support.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Region signing keys: issued by the CA, Ed25519 signatures that stock openssl verifies. */
class SigningKeyTest {

    @Test
    void a_region_signature_verifies_with_openssl_and_a_changed_byte_does_not(@TempDir Path dir) throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir, Clock.systemUTC());
        IssuedIdentity issued = ca.ensureSigningKey("region-eu-west-signing", SpiffeId.region(RegionId.of("eu-west")));
        assertThat(issued.certificate().getPublicKey().getAlgorithm()).isIn("Ed25519", "EdDSA");
        SigningKey key = SigningKey.load(issued.files().privateKey(), issued.files().certificateChain());
        byte[] data = "{\"receiptId\":\"r1\",\"tenant\":\"acme\"}".getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(data);
        assertThat(SigningKey.verify(key.certificate().getPublicKey(), data, signature)).isTrue();

        Files.write(dir.resolve("data.json"), data);
        Files.write(dir.resolve("data.sig"), signature);
        assertThat(run(dir, "openssl", "verify", "-CAfile", "ca.crt", "region-eu-west-signing.crt")).isZero();
        assertThat(run(dir, "sh", "-c", "openssl x509 -in region-eu-west-signing.crt -pubkey -noout > region.pub")).isZero();
        assertThat(run(dir, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "region.pub", "-rawin", "-in", "data.json",
                "-sigfile", "data.sig")).isZero();
        data[5] ^= 1;
        Files.write(dir.resolve("data.json"), data);
        assertThat(run(dir, "openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "region.pub", "-rawin", "-in", "data.json",
                "-sigfile", "data.sig")).isNotZero();
        assertThat(SigningKey.verify(key.certificate().getPublicKey(), data, signature)).isFalse();
    }

    @Test
    void a_dsse_signature_over_the_pae_verifies(@TempDir Path dir) {
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir, Clock.systemUTC());
        IssuedIdentity issued = ca.ensureSigningKey("platform-signing", new SpiffeId("spiffe://companyos/control-plane/policy-signing"));
        SigningKey key = SigningKey.load(issued.files().privateKey(), issued.files().certificateChain());
        byte[] payload = "{\"_type\":\"https://in-toto.io/Statement/v1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] pae = Dsse.pae(Dsse.IN_TOTO, payload);
        assertThat(new String(pae, StandardCharsets.UTF_8)).startsWith("DSSEv1 28 application/vnd.in-toto+json " + payload.length + " {");
        assertThat(SigningKey.verify(key.certificate().getPublicKey(), pae, key.sign(pae))).isTrue();
        assertThat(Dsse.envelope(Dsse.IN_TOTO, payload, key.sign(pae), key.keyId())).contains("\"keyid\":\"" + key.keyId() + "\"");
    }

    static int run(Path dir, String... command) {
        Shell.Result r = Shell.run(dir, command);
        if (!r.ok()) {
            System.out.println(String.join(" ", command) + " -> " + r.code() + ": " + r.output());
        }
        return r.code();
    }
}
