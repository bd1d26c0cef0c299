package com.companyos.policy;

import com.companyos.pki.IssuedIdentity;
import com.companyos.pki.LocalCertificateAuthority;
import com.companyos.pki.SigningKey;
import com.companyos.pki.SpiffeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A signed policy bundle verifies as shipped, and one changed byte anywhere in it is refused with a reason. */
class SignedBundleTest {

    @Test
    void a_shipped_bundle_verifies_and_one_changed_byte_in_a_policy_the_manifest_or_the_signature_is_refused(@TempDir Path dir) {
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir, Clock.systemUTC());
        IssuedIdentity issued = ca.ensureSigningKey("platform-signing", SpiffeId.platformPolicySigning());
        SigningKey key = SigningKey.load(issued.files().privateKey(), issued.files().certificateChain());
        PublicKey platform = key.certificate().getPublicKey();

        for (PolicyChannel channel : PolicyChannel.values()) {
            PolicyBundle shipped = PolicyBundle.fromClasspath(channel);
            SignedBundle signed = SignedBundle.sign(shipped, key, Instant.now());
            assertThat(signed.verify(platform).sha256()).isEqualTo(shipped.sha256());

            // One byte in one policy file.
            String file = shipped.files().keySet().stream().filter(f -> f.endsWith(".cedar")).sorted().findFirst().orElseThrow();
            Map<String, String> files = new HashMap<>(signed.files());
            files.put(file, flipOneByte(files.get(file)));
            SignedBundle editedFile = new SignedBundle(signed.channel(), signed.version(), signed.sha256(), signed.manifest(), files,
                    signed.signature(), signed.keyId(), signed.signedAt());
            assertThatThrownBy(() -> editedFile.verify(platform)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("do not match its signed manifest");

            // One byte in the manifest (e.g. to make an edited file's digest fit).
            SignedBundle editedManifest = new SignedBundle(signed.channel(), signed.version(), signed.sha256(),
                    flipOneByte(signed.manifest()), signed.files(), signed.signature(), signed.keyId(), signed.signedAt());
            assertThatThrownBy(() -> editedManifest.verify(platform)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("signature does not verify");

            // One byte in the signature.
            byte[] sig = Base64.getDecoder().decode(signed.signature());
            sig[0] ^= 0x01;
            SignedBundle editedSignature = new SignedBundle(signed.channel(), signed.version(), signed.sha256(), signed.manifest(),
                    signed.files(), Base64.getEncoder().encodeToString(sig), signed.keyId(), signed.signedAt());
            assertThatThrownBy(() -> editedSignature.verify(platform)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("signature does not verify");
        }
    }

    @Test
    void a_bundle_signed_by_another_key_is_refused(@TempDir Path dir) {
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir, Clock.systemUTC());
        SigningKey platform = load(ca.ensureSigningKey("platform-signing", SpiffeId.platformPolicySigning()));
        SigningKey other = load(ca.ensureSigningKey("someone-else", SpiffeId.controlPlane()));
        SignedBundle signed = SignedBundle.sign(PolicyBundle.fromClasspath(PolicyChannel.STANDARD), other, Instant.now());
        assertThatThrownBy(() -> signed.verify(platform.certificate().getPublicKey())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signature does not verify");
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
