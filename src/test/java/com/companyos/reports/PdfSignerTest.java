package com.companyos.reports;

import com.companyos.pki.DocumentSigningKey;
import com.companyos.pki.IssuedIdentity;
import com.companyos.pki.LocalCertificateAuthority;
import com.companyos.pki.SpiffeId;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;

import static org.assertj.core.api.Assertions.assertThat;

class PdfSignerTest {

    static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");

    @TempDir
    static Path pki;
    static DocumentSigningKey key;
    static byte[] unsigned;
    static byte[] signed;

    @BeforeAll
    static void sign() throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        // The CA's own clock is the real one: pdfsig checks the certificate against today's date.
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(pki, Clock.systemUTC());
        IssuedIdentity issued = ca.ensureDocumentSigningKey("document-signing", SpiffeId.documentSigning());
        key = DocumentSigningKey.load(issued.files());
        unsigned = new PdfComposer(clock).compose(SampleReport.everything());
        signed = new PdfSigner(key, clock).sign(unsigned,
                new SignatureDetails("CompanyOS Control Plane", "DR drill evidence for acme", "eu-west console"));
        Files.createDirectories(PdfComposerTest.PREVIEW);
        Files.write(PdfComposerTest.PREVIEW.resolve("signed.pdf"), signed);
    }

    @Test
    void pdfsig_reports_the_signature_as_valid() throws Exception {
        Path file = pki.resolve("signed.pdf");
        Files.write(file, signed);
        String report = Poppler.pdfsig(file);
        // The signer's certificate comes from our local CA, which pdfsig does not trust: only the signature counts here.
        assertThat(report).as(report).contains("Signature is Valid").contains("ETSI.CAdES.detached")
                .contains("Total document signed");
    }

    @Test
    void the_cms_signature_verifies_over_the_byte_range_and_binds_the_signing_certificate() throws Exception {
        SignerInformation signer = verifiedSigner(signed);
        assertThat(signer).isNotNull();
        AttributeTable attributes = signer.getSignedAttributes();
        SigningCertificateV2 signingCertificate = SigningCertificateV2.getInstance(
                attributes.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2).getAttrValues().getObjectAt(0));
        byte[] certificateHash = MessageDigest.getInstance("SHA-256").digest(key.certificate().getEncoded());
        assertThat(signingCertificate.getCerts()[0].getCertHash()).isEqualTo(certificateHash);
        assertThat(attributes.get(CMSAttributes.signingTime)).as("PAdES: no CMS signing-time").isNull();
        assertThat(signer.getEncryptionAlgOID()).isEqualTo("1.2.840.10045.4.3.2"); // ecdsa-with-SHA256
    }

    @Test
    void the_signature_carries_the_certificate_chain() throws Exception {
        try (PDDocument document = Loader.loadPDF(signed)) {
            PDSignature signature = document.getLastSignatureDictionary();
            CMSSignedData cms = new CMSSignedData(cmsStructure(signature.getContents(signed)));
            Collection<X509CertificateHolder> certificates = cms.getCertificates().getMatches(null);
            assertThat(certificates).hasSize(2);
        }
    }

    @Test
    void one_changed_byte_in_the_signed_range_makes_the_signature_invalid() throws Exception {
        byte[] tampered = signed.clone();
        int at = indexOf(tampered, "Disaster-recovery drill report".getBytes(StandardCharsets.US_ASCII));
        assertThat(at).isPositive();
        tampered[at] = 'd';
        assertThat(verifiedSigner(tampered)).as("BouncyCastle").isNull();

        Path file = pki.resolve("tampered.pdf");
        Files.write(file, tampered);
        assertThat(Poppler.pdfsig(file)).as("pdfsig").doesNotContain("Signature is Valid").contains("Digest Mismatch");
    }

    @Test
    void the_signed_document_is_still_pdf_a_3b() {
        assertThat(VeraPdf.pdfA3bViolations(signed)).as("veraPDF PDF/A-3B failed rules").isEmpty();
    }

    @Test
    void signing_appends_an_incremental_update_after_the_unchanged_original() {
        assertThat(signed.length).isGreaterThan(unsigned.length);
        assertThat(Arrays.copyOf(signed, unsigned.length)).isEqualTo(unsigned);
    }

    @Test
    void the_signature_dictionary_is_pades_with_name_reason_location_and_time() throws Exception {
        try (PDDocument document = Loader.loadPDF(signed)) {
            PDSignature signature = document.getLastSignatureDictionary();
            assertThat(signature.getSubFilter()).isEqualTo("ETSI.CAdES.detached");
            assertThat(signature.getFilter()).isEqualTo("Adobe.PPKLite");
            assertThat(signature.getName()).isEqualTo("CompanyOS Control Plane");
            assertThat(signature.getReason()).isEqualTo("DR drill evidence for acme");
            assertThat(signature.getLocation()).isEqualTo("eu-west console");
            assertThat(signature.getSignDate().toInstant()).isEqualTo(NOW);
            int[] range = signature.getByteRange();
            assertThat(range[0]).isZero();
            assertThat(range[2] + range[3]).isEqualTo(signed.length);
        }
    }

    /** The signer whose CMS signature verifies over the document's signed byte range, or null. */
    static SignerInformation verifiedSigner(byte[] pdf) {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDSignature signature = document.getLastSignatureDictionary();
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(signature.getSignedContent(pdf)),
                    cmsStructure(signature.getContents(pdf)));
            SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
            X509CertificateHolder certificate = (X509CertificateHolder) cms.getCertificates().getMatches(signer.getSID()).iterator().next();
            boolean valid = signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
            return valid ? signer : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** /Contents is zero-padded to the reserved size: the CMS structure is its first DER object. */
    static ContentInfo cmsStructure(byte[] contents) throws java.io.IOException {
        try (ASN1InputStream in = new ASN1InputStream(contents)) {
            return ContentInfo.getInstance(in.readObject());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
