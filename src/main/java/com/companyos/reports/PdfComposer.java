package com.companyos.reports;

import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Renders a {@link ReportDocument} to PDF/A-3b bytes with PDFBox alone: A4 pages with 20 mm margins, DejaVu fonts
 * embedded as subsets, a running header from page 2, a footer with the watermark and "Page n of m", XMP metadata that
 * matches the Info dictionary, an sRGB output intent, and the attachments as associated files. Text wraps and long
 * tables continue on the next page under a repeated header.
 * <p>
 * Thread-safe and stateless apart from the clock, which gives the creation date (truncated to seconds, as PDF dates
 * are). The result can be signed with {@link PdfSigner}; signing keeps it PDF/A-3b.
 */
public final class PdfComposer {

    private final Clock clock;

    public PdfComposer(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
    }

    public byte[] compose(ReportDocument report) {
        Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        try (PDDocument document = new PDDocument()) {
            document.setVersion(1.7f);
            ReportFonts fonts = ReportFonts.embedIn(document);
            String runningTitle = report.subtitle().isBlank() ? report.title() : report.title() + " — " + report.subtitle();
            PageLayout layout = new PageLayout(document, fonts, runningTitle);
            BlockWriter writer = new BlockWriter(layout);
            writer.title(report.title(), report.subtitle());
            for (ReportBlock block : report.blocks()) {
                writer.write(block);
            }
            layout.finish(report.watermark());
            PdfAParts.describe(document, report, created);
            PdfAParts.attach(document, report.attachments(), created);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // A classic cross-reference table rather than object streams: every PDF/A validator and signature
            // verifier reads it, and the incremental update a signature appends stays simple.
            document.save(out, CompressParameters.NO_COMPRESSION);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the PDF for " + report.title(), e);
        }
    }
}
