package com.companyos.policy;

import com.companyos.pki.IssuedIdentity;
import com.companyos.pki.LocalCertificateAuthority;
import com.companyos.pki.SigningKey;
import com.companyos.pki.SpiffeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A published bundle verifies as signed; one changed byte anywhere in it is refused with a reason, and so is a bundle
 * without a signature or with a signature that publishes another bundle, version or approval.
 */
class SignedBundleTest {

    @Test
    void a_shipped_bundle_verifies_and_one_changed_byte_in_a_policy_the_manifest_or_the_signature_is_refused(@TempDir Path dir) {
        SigningKey key = platformKey(dir);
        PublicKey platform = key.certificate().getPublicKey();

        for (PolicyChannel channel : PolicyChannel.values()) {
            PolicyBundle shipped = PolicyBundle.fromClasspath(channel);
            SignedBundle signed = published(shipped, UUID.randomUUID(), key);
            assertThat(signed.verify(platform).sha256()).isEqualTo(shipped.sha256());

            // One byte in one policy file.
            String file = shipped.files().keySet().stream().filter(f -> f.endsWith(".cedar")).sorted().findFirst().orElseThrow();
            Map<String, String> files = new HashMap<>(signed.files());
            files.put(file, flipOneByte(files.get(file)));
            SignedBundle editedFile = new SignedBundle(signed.channel(), signed.version(), signed.sha256(), signed.manifest(), files,
                    signed.statement(), signed.signature(), signed.keyId());
            assertThatThrownBy(() -> editedFile.verify(platform)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("do not match its signed manifest");

            // One byte in the manifest (e.g. to make an edited file's digest fit).
            SignedBundle editedManifest = new SignedBundle(signed.channel(), signed.version(), signed.sha256(),
                    flipOneByte(signed.manifest()), signed.files(), signed.statement(), signed.signature(), signed.keyId());
            assertThatThrownBy(() -> editedManifest.verify(platform)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("do not match its signed manifest");

            // One byte in the signature.
            byte[] sig = Base64.getDecoder().decode(signed.signature());
            sig[0] ^= 0x01;
            SignedBundle editedSignature = new SignedBundle(signed.channel(), signed.version(), signed.sha256(), signed.manifest(),
                    signed.files(), signed.statement(), Base64.getEncoder().encodeToString(sig), signed.keyId());
            assertThatThrownBy(() -> editedSignature.verify(platform)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("signature does not verify");
        }
    }

    @Test
    void a_bundle_signed_by_another_key_is_refused(@TempDir Path dir) {
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir, Clock.systemUTC());
        SigningKey platform = load(ca.ensureSigningKey("platform-signing", SpiffeId.platformPolicySigning()));
        SigningKey other = load(ca.ensureSigningKey("someone-else", SpiffeId.controlPlane()));
        SignedBundle signed = published(PolicyBundle.fromClasspath(PolicyChannel.STANDARD), UUID.randomUUID(), other);
        assertThatThrownBy(() -> signed.verify(platform.certificate().getPublicKey())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void a_bundle_that_was_never_published_carries_no_signature_and_is_refused(@TempDir Path dir) {
        PublicKey platform = platformKey(dir).certificate().getPublicKey();
        PolicyBundle proposed = PolicyBundle.fromClasspath(PolicyChannel.STANDARD);
        SignedBundle unsigned = new SignedBundle(proposed.channel().folder(), proposed.version(), proposed.sha256(), proposed.manifest(),
                proposed.files(), null, null, null);
        assertThatThrownBy(() -> unsigned.verify(platform)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carries no platform signature");
    }

    /** Before item 12 the key signed the manifest: a manifest signature made at proposal no longer publishes anything. */
    @Test
    void a_signature_over_the_manifest_alone_is_not_a_publication(@TempDir Path dir) {
        SigningKey key = platformKey(dir);
        PolicyBundle bundle = PolicyBundle.fromClasspath(PolicyChannel.STANDARD);
        String manifestSignature = Base64.getEncoder().encodeToString(key.sign(bundle.manifest().getBytes(StandardCharsets.UTF_8)));
        SignedBundle signed = published(bundle, UUID.randomUUID(), key);
        SignedBundle proposalSigned = new SignedBundle(signed.channel(), signed.version(), signed.sha256(), signed.manifest(),
                signed.files(), signed.statement(), manifestSignature, signed.keyId());
        assertThatThrownBy(() -> proposalSigned.verify(key.certificate().getPublicKey())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signature does not verify");
    }

    @Test
    void a_signature_that_publishes_another_approval_version_or_hash_is_refused(@TempDir Path dir) {
        SigningKey key = platformKey(dir);
        PublicKey platform = key.certificate().getPublicKey();
        PolicyBundle v2 = PolicyBundle.fromClasspath(PolicyChannel.STANDARD);
        PolicyBundle v3 = withVersion(v2, "2099.1.1");
        SignedBundle signedV2 = published(v2, UUID.randomUUID(), key);
        SignedBundle signedV3 = published(v3, UUID.randomUUID(), key);

        // The statement edited to name another approval: the signature no longer covers it.
        String otherApproval = signedV2.statement().replace(signedV2.publication().approval(), UUID.randomUUID().toString());
        assertThat(otherApproval).isNotEqualTo(signedV2.statement());
        SignedBundle relabelled = new SignedBundle(signedV2.channel(), signedV2.version(), signedV2.sha256(), signedV2.manifest(),
                signedV2.files(), otherApproval, signedV2.signature(), signedV2.keyId());
        assertThatThrownBy(() -> relabelled.verify(platform)).hasMessageContaining("signature does not verify");

        // A genuine signature and statement for version 3, attached to version 2's content.
        SignedBundle v2WithV3Signature = new SignedBundle(signedV2.channel(), signedV2.version(), signedV2.sha256(),
                signedV2.manifest(), signedV2.files(), signedV3.statement(), signedV3.signature(), signedV3.keyId());
        assertThatThrownBy(() -> v2WithV3Signature.verify(platform)).hasMessageContaining("do not match its signed manifest");

        // ... and with the labels claiming version 3 as well.
        SignedBundle v2LabelledV3 = new SignedBundle(signedV3.channel(), signedV3.version(), signedV3.sha256(), signedV2.manifest(),
                signedV2.files(), signedV3.statement(), signedV3.signature(), signedV3.keyId());
        assertThatThrownBy(() -> v2LabelledV3.verify(platform)).hasMessageContaining("do not match its signed manifest");

        // Genuine content and signature of version 2, labelled as version 3 (what an agent compares against its floor).
        SignedBundle mislabelled = new SignedBundle(signedV2.channel(), "2099.1.1", signedV2.sha256(), signedV2.manifest(),
                signedV2.files(), signedV2.statement(), signedV2.signature(), signedV2.keyId());
        assertThatThrownBy(() -> mislabelled.verify(platform)).hasMessageContaining("is not the one its signature publishes");

        // A statement for the right bundle that the platform did not sign (signed by whoever holds another key).
        SigningKey other = load(LocalCertificateAuthority.openOrCreate(dir, Clock.systemUTC())
                .ensureSigningKey("someone-else", SpiffeId.controlPlane()));
        SignedBundle forged = published(v3, UUID.randomUUID(), other);
        assertThatThrownBy(() -> forged.verify(platform)).hasMessageContaining("signature does not verify");
        assertThat(signedV3.verify(platform).version()).isEqualTo("2099.1.1");
    }

    @Test
    void the_publication_statement_is_read_only_in_its_canonical_form() {
        PolicyBundle bundle = PolicyBundle.fromClasspath(PolicyChannel.DCP);
        PublicationStatement s = PublicationStatement.approved(bundle, UUID.randomUUID(), Instant.parse("2026-12-03T10:00:00Z"));
        assertThat(PublicationStatement.parse(s.text())).isEqualTo(s);
        assertThat(PublicationStatement.parse(PublicationStatement.bootstrap(bundle, s.publishedAt()).text()).approvalRequestId()).isEmpty();
        assertThatThrownBy(() -> PublicationStatement.parse(s.text().replace("channel: dcp", "channel: DCP")))
                .hasMessageContaining("canonical");
        assertThatThrownBy(() -> PublicationStatement.parse(s.text() + "approval: bootstrap\n")).hasMessageContaining("is not one");
        assertThatThrownBy(() -> PublicationStatement.parse(s.text().replace(s.approval(), "anyone"))).hasMessageContaining("malformed");
    }

    static SignedBundle published(PolicyBundle bundle, UUID approval, SigningKey key) {
        return SignedBundle.publish(bundle, PublicationStatement.approved(bundle, approval, Instant.now()), key);
    }

    static PolicyBundle withVersion(PolicyBundle bundle, String version) {
        Map<String, String> files = new HashMap<>(bundle.files());
        files.put("bundle.properties", files.get("bundle.properties").replaceFirst("(?m)^version=.*$", "version=" + version));
        return PolicyBundle.of(files);
    }

    private static SigningKey platformKey(Path dir) {
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir, Clock.systemUTC());
        return load(ca.ensureSigningKey("platform-signing", SpiffeId.platformPolicySigning()));
    }

    private static SigningKey load(IssuedIdentity issued) {
        return SigningKey.load(issued.files().privateKey(), issued.files().certificateChain());
    }

    private static String flipOneByte(String text) {
        char[] chars = text.toCharArray();
        int at = chars.length / 2;
        chars[at] = chars[at] == 'a' ? 'b' : 'a';
        return new String(chars);
    }
}
