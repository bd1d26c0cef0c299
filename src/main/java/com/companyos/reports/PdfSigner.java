package com.companyos.reports;

import com.companyos.pki.DocumentSigningKey;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.GregorianCalendar;
import java.util.Objects;
import java.util.TimeZone;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Signs a PDF the PAdES way (baseline B-B): SubFilter {@code ETSI.CAdES.detached}, a CMS signature from
 * {@link CadesSignature} with the document-signing key, appended as an incremental update so the signed file starts
 * with the exact bytes it was given (a PDF/A-3b document stays one). The signature is invisible: readers show it in
 * their signature panel.
 * <p>
 * The key must be EC (P-256): Ed25519 would be cryptographically fine but poppler/NSS and other PDF verifiers reject
 * it. Thread-safe.
 */
public final class PdfSigner {

    /** Room reserved for the CMS structure: a few certificates now, and an RFC 3161 timestamp token later (B-T). */
    private static final int SIGNATURE_SIZE = 16 * 1024;

    private final DocumentSigningKey key;
    private final Clock clock;

    public PdfSigner(DocumentSigningKey key, Clock clock) {
        this.key = Objects.requireNonNull(key);
        this.clock = Objects.requireNonNull(clock);
    }

    public byte[] sign(byte[] pdf, SignatureDetails details) {
        try (PDDocument document = Loader.loadPDF(pdf); SignatureOptions options = new SignatureOptions()) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(COSName.getPDFName("ETSI.CAdES.detached"));
            signature.setName(details.signerName().isBlank() ? commonName() : details.signerName());
            if (!details.reason().isBlank()) {
                signature.setReason(details.reason());
            }
            if (!details.location().isBlank()) {
                signature.setLocation(details.location());
            }
            GregorianCalendar when = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            when.setTimeInMillis(clock.millis() / 1000 * 1000);
            signature.setSignDate(when);
            options.setPreferredSignatureSize(SIGNATURE_SIZE);
            document.addSignature(signature, new CadesSignature(key), options);
            printable(document, signature);
            ByteArrayOutputStream out = new ByteArrayOutputStream(pdf.length + 2 * SIGNATURE_SIZE + 4096);
            document.saveIncremental(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot sign the PDF", e);
        }
    }

    /** PDF/A: every annotation, the signature's invisible widget included, must carry the Print flag. */
    private static void printable(PDDocument document, PDSignature signature) throws IOException {
        for (PDSignatureField field : document.getSignatureFields()) {
            PDSignature fieldSignature = field.getSignature();
            if (fieldSignature != null && fieldSignature.getCOSObject() == signature.getCOSObject()) {
                for (PDAnnotationWidget widget : field.getWidgets()) {
                    widget.setPrinted(true);
                }
            }
        }
    }

    private String commonName() {
        try {
            for (Rdn rdn : new LdapName(key.certificate().getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // fall through to the whole subject
        }
        return key.certificate().getSubjectX500Principal().getName();
    }
}
