package com.companyos.reports;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;
import org.apache.xmpbox.XMPMetadata;
import org.apache.xmpbox.schema.AdobePDFSchema;
import org.apache.xmpbox.schema.DublinCoreSchema;
import org.apache.xmpbox.schema.PDFAIdentificationSchema;
import org.apache.xmpbox.schema.XMPBasicSchema;
import org.apache.xmpbox.type.BadFieldValueException;
import org.apache.xmpbox.xml.XmpSerializer;

import javax.xml.transform.TransformerException;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;

/**
 * What makes a PDF a PDF/A-3b beyond embedded fonts: the Info dictionary and the XMP metadata saying the same thing
 * (with the {@code pdfaid} part 3 / conformance B claim), an sRGB output intent for the DeviceRGB colours used, and
 * attachments as associated files ({@code /AF} on the catalog, {@code /AFRelationship}, a MIME subtype).
 */
final class PdfAParts {

    static final String PRODUCER = "CompanyOS reports (Apache PDFBox)";
    private static final String SRGB = "sRGB IEC61966-2.1";

    private PdfAParts() {
    }

    static void describe(PDDocument document, ReportDocument report, Instant created) {
        Calendar when = calendar(created);
        ReportMetadata meta = report.metadata();
        PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle(report.title());
        info.setCreator(meta.creator());
        info.setProducer(PRODUCER);
        info.setCreationDate(when);
        info.setModificationDate(when);
        // PDF/A: an Info entry needs an equal XMP property, so empty values are left out of both.
        if (!meta.author().isBlank()) {
            info.setAuthor(meta.author());
        }
        if (!meta.subject().isBlank()) {
            info.setSubject(meta.subject());
        }
        if (!meta.keywords().isEmpty()) {
            info.setKeywords(meta.keywordLine());
        }
        try {
            XMPMetadata xmp = XMPMetadata.createXMPMetadata();
            DublinCoreSchema dc = xmp.createAndAddDublinCoreSchema();
            dc.setTitle(report.title());
            dc.setFormat("application/pdf");
            if (!meta.author().isBlank()) {
                dc.addCreator(meta.author());
            }
            if (!meta.subject().isBlank()) {
                dc.setDescription(meta.subject());
            }
            AdobePDFSchema pdf = xmp.createAndAddAdobePDFSchema();
            pdf.setProducer(PRODUCER);
            if (!meta.keywords().isEmpty()) {
                pdf.setKeywords(meta.keywordLine());
            }
            XMPBasicSchema basic = xmp.createAndAddXMPBasicSchema();
            basic.setCreatorTool(meta.creator());
            basic.setCreateDate(when);
            basic.setModifyDate(when);
            basic.setMetadataDate(when);
            PDFAIdentificationSchema id = xmp.createAndAddPDFAIdentificationSchema();
            id.setPart(3);
            id.setConformance("B");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new XmpSerializer().serialize(xmp, bytes, true);
            PDMetadata metadata = new PDMetadata(document);
            metadata.importXMPMetadata(bytes.toByteArray());
            PDDocumentCatalog catalog = document.getDocumentCatalog();
            catalog.setMetadata(metadata);
            catalog.setLanguage("en");

            byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
            PDOutputIntent intent = new PDOutputIntent(document, new ByteArrayInputStream(icc));
            intent.setInfo(SRGB);
            intent.setOutputCondition(SRGB);
            intent.setOutputConditionIdentifier(SRGB);
            intent.setRegistryName("http://www.color.org");
            catalog.addOutputIntent(intent);
        } catch (BadFieldValueException | TransformerException e) {
            throw new IllegalStateException("Cannot write the XMP metadata", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void attach(PDDocument document, List<ReportAttachment> attachments, Instant created) {
        if (attachments.isEmpty()) {
            return;
        }
        Calendar when = calendar(created);
        Map<String, PDComplexFileSpecification> byName = new TreeMap<>(); // a name tree's keys are sorted
        COSArray associated = new COSArray();
        try {
            for (ReportAttachment attachment : attachments) {
                byte[] content = attachment.content();
                PDEmbeddedFile file = new PDEmbeddedFile(document, new ByteArrayInputStream(content), COSName.FLATE_DECODE);
                file.setSubtype(attachment.mimeType());
                file.setSize(content.length);
                file.setCreationDate(when);
                file.setModDate(when);
                PDComplexFileSpecification spec = new PDComplexFileSpecification();
                spec.setFile(attachment.fileName());
                spec.setFileUnicode(attachment.fileName());
                spec.setEmbeddedFile(file);
                spec.setEmbeddedFileUnicode(file);
                spec.setFileDescription(attachment.description());
                spec.getCOSObject().setName(COSName.getPDFName("AFRelationship"), attachment.relationship().pdfName());
                byName.put(attachment.fileName(), spec);
                associated.add(spec);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
        tree.setNames(byName);
        PDDocumentCatalog catalog = document.getDocumentCatalog();
        PDDocumentNameDictionary names = new PDDocumentNameDictionary(catalog);
        names.setEmbeddedFiles(tree);
        catalog.setNames(names);
        catalog.getCOSObject().setItem(COSName.getPDFName("AF"), associated);
    }

    private static Calendar calendar(Instant instant) {
        GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
        calendar.setTimeInMillis(instant.toEpochMilli());
        return calendar;
    }
}
