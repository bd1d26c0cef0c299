package com.companyos.reports;

import com.companyos.pki.DocumentSigningKey;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureInterface;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;

/**
 * The CMS signature PAdES baseline B-B asks for ({@code ETSI.CAdES.detached}): detached over the signed byte ranges,
 * ECDSA with SHA-256, signed attributes content-type, message-digest and signing-certificate-v2 (binding the
 * signer's certificate into what is signed), no signing-time (the signature dictionary's {@code /M} carries the
 * claimed time), and the whole certificate chain.
 */
final class CadesSignature implements SignatureInterface {

    private final DocumentSigningKey key;

    CadesSignature(DocumentSigningKey key) {
        this.key = key;
    }

    @Override
    public byte[] sign(InputStream content) throws IOException {
        try {
            X509Certificate certificate = key.certificate();
            SignerInfoGenerator signerInfo = new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(signedAttributes(certificate))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.privateKey()), certificate);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo);
            generator.addCertificates(new JcaCertStore(key.chain()));
            return generator.generate(new CMSProcessableByteArray(content.readAllBytes()), false).getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | OperatorCreationException | CMSException e) {
            throw new IOException("Cannot make the CMS signature", e);
        }
    }

    private static CMSAttributeTableGenerator signedAttributes(X509Certificate certificate)
            throws GeneralSecurityException {
        // ESSCertIDv2 with SHA-256, the default hash algorithm, which DER leaves out of the encoding.
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        IssuerSerial issuerSerial = new IssuerSerial(
                new GeneralNames(new GeneralName(X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()))),
                certificate.getSerialNumber());
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        attributes.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                new DERSet(new SigningCertificateV2(new ESSCertIDv2(hash, issuerSerial)))));
        DefaultSignedAttributeTableGenerator defaults = new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes));
        return parameters -> {
            AttributeTable table = defaults.getAttributes(parameters);
            return table.remove(CMSAttributes.signingTime);
        };
    }
}
