package com.companyos.pki;

import com.companyos.base.RegionId;
import com.companyos.pki.LocalCertificateAuthority.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LocalCertificateAuthorityTest {

    private static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");

    @Test
    void first_use_creates_the_ca_with_an_owner_only_key(@TempDir Path dir) throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir, Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(ca.created()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key")))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("ca.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(ca.certificate().getBasicConstraints()).isEqualTo(0);
        assertThat(LocalCertificateAuthority.openOrCreate(dir, Clock.fixed(NOW, ZoneOffset.UTC)).created()).isFalse();
    }

    @Test
    void an_issued_certificate_carries_the_spiffe_id_chains_to_the_ca_and_keeps_its_key_private(@TempDir Path dir) throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir, Clock.fixed(NOW, ZoneOffset.UTC));
        IssuedIdentity issued = ca.ensureIdentity("region-eu-west", SpiffeId.region(RegionId.of("eu-west")),
                EnumSet.of(Usage.SERVER, Usage.CLIENT), List.of("localhost", "127.0.0.1"));
        assertThat(issued.newlyIssued()).isTrue();
        X509Certificate cert = issued.certificate();
        assertThat(SpiffeId.of(cert)).contains(new SpiffeId("spiffe://companyos/region/eu-west"));
        cert.verify(ca.certificate().getPublicKey());
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(Pem.readCertificates(issued.files().certificateChain())).hasSize(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(issued.files().privateKey()))).isEqualTo("rw-------");
        assertThat(TlsIdentity.load(issued.files()).spiffeId()).isEqualTo(SpiffeId.region(RegionId.of("eu-west")));
    }

    @Test
    void a_valid_certificate_is_kept_and_one_near_expiry_is_reissued(@TempDir Path dir) {
        SpiffeId id = SpiffeId.controlPlane();
        LocalCertificateAuthority today = LocalCertificateAuthority.openOrCreate(dir, Clock.fixed(NOW, ZoneOffset.UTC));
        IssuedIdentity first = today.ensureIdentity("control-plane", id, EnumSet.of(Usage.CLIENT), List.of());
        assertThat(today.ensureIdentity("control-plane", id, EnumSet.of(Usage.CLIENT), List.of()).newlyIssued()).isFalse();

        Clock elevenMonthsLater = Clock.fixed(NOW.plus(Duration.ofDays(340)), ZoneOffset.UTC);
        IssuedIdentity renewed = LocalCertificateAuthority.openOrCreate(dir, elevenMonthsLater)
                .ensureIdentity("control-plane", id, EnumSet.of(Usage.CLIENT), List.of());
        assertThat(renewed.newlyIssued()).isTrue();
        assertThat(renewed.certificate().getSerialNumber()).isNotEqualTo(first.certificate().getSerialNumber());
    }

    @Test
    void a_certificate_for_another_identity_under_the_same_name_is_replaced(@TempDir Path dir) {
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir, Clock.fixed(NOW, ZoneOffset.UTC));
        ca.ensureIdentity("agent", SpiffeId.region(RegionId.of("eu-west")), EnumSet.of(Usage.SERVER), List.of());
        IssuedIdentity other = ca.ensureIdentity("agent", SpiffeId.region(RegionId.of("us-east")), EnumSet.of(Usage.SERVER), List.of());
        assertThat(other.newlyIssued()).isTrue();
        assertThat(SpiffeId.of(other.certificate())).contains(SpiffeId.region(RegionId.of("us-east")));
    }

    @Test
    void a_document_signing_key_is_ec_p256_for_non_repudiation_and_is_kept_while_valid(@TempDir Path dir) throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir, Clock.fixed(NOW, ZoneOffset.UTC));
        IssuedIdentity issued = ca.ensureDocumentSigningKey("document-signing", SpiffeId.documentSigning());
        X509Certificate cert = issued.certificate();
        cert.verify(ca.certificate().getPublicKey());
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(cert.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(cert.getKeyUsage()[1]).as("nonRepudiation").isTrue();
        assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.36");
        assertThat(SpiffeId.of(cert)).contains(SpiffeId.documentSigning());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(issued.files().privateKey()))).isEqualTo("rw-------");

        DocumentSigningKey key = DocumentSigningKey.load(issued.files());
        assertThat(key.chain()).hasSize(2);
        assertThat(key.chain().get(1)).isEqualTo(ca.certificate());
        assertThat(ca.ensureDocumentSigningKey("document-signing", SpiffeId.documentSigning()).newlyIssued()).isFalse();
    }

    @Test
    void an_ed25519_signing_key_under_the_document_signing_name_is_replaced_by_an_ec_one(@TempDir Path dir) {
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir, Clock.fixed(NOW, ZoneOffset.UTC));
        ca.ensureSigningKey("document-signing", SpiffeId.documentSigning());
        IssuedIdentity replaced = ca.ensureDocumentSigningKey("document-signing", SpiffeId.documentSigning());
        assertThat(replaced.newlyIssued()).isTrue();
        assertThat(replaced.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void a_missing_document_signing_key_is_named_in_the_error(@TempDir Path dir) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DocumentSigningKey.load(IdentityFiles.in(dir, "document-signing")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("document-signing.key").hasMessageContaining("EC P-256");
    }

    @Test
    void a_certificate_with_other_host_names_is_reissued_and_one_with_the_same_names_kept(@TempDir Path dir) {
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir, Clock.fixed(NOW, ZoneOffset.UTC));
        SpiffeId id = SpiffeId.region(RegionId.of("eu-west"));
        ca.ensureIdentity("region-eu-west", id, EnumSet.of(Usage.SERVER), List.of("agent-eu-west", "agent-us-east", "127.0.0.1"));

        IssuedIdentity own = ca.ensureIdentity("region-eu-west", id, EnumSet.of(Usage.SERVER), List.of("agent-eu-west", "127.0.0.1"));
        assertThat(own.newlyIssued()).isTrue();
        assertThat(LocalCertificateAuthority.hostNames(own.certificate())).containsExactlyInAnyOrder("agent-eu-west", "127.0.0.1");
        assertThat(ca.ensureIdentity("region-eu-west", id, EnumSet.of(Usage.SERVER), List.of("127.0.0.1", "AGENT-EU-WEST"))
                .newlyIssued()).isFalse();
    }

    @Test
    void a_folder_issued_into_gets_the_ca_certificate_and_never_the_ca_key(@TempDir Path dir) throws Exception {
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir.resolve("ca"), Clock.fixed(NOW, ZoneOffset.UTC));
        IssuedIdentity issued = ca.issuingInto(dir.resolve("agent")).ensureSigningKey("region-eu-west-signing",
                SpiffeId.region(RegionId.of("eu-west")));
        assertThat(issued.files().privateKey()).isEqualTo(dir.resolve("agent/region-eu-west-signing.key"));
        assertThat(Pem.readCertificates(dir.resolve("agent/ca.crt")).get(0)).isEqualTo(ca.certificate());
        assertThat(dir.resolve("agent/ca.key")).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("agent")))).isEqualTo("rwx------");
    }
}
