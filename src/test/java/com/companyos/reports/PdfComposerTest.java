package com.companyos.reports;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PdfComposerTest {

    static final Instant NOW = Instant.parse("2026-11-22T09:00:00.123Z");
    /** Where the rendered pages are left for a person to look at. */
    static final Path PREVIEW = Path.of("target", "pdf-preview");

    static byte[] pdf;

    @BeforeAll
    static void compose() throws IOException {
        pdf = new PdfComposer(Clock.fixed(NOW, ZoneOffset.UTC)).compose(SampleReport.everything());
        Files.createDirectories(PREVIEW);
        Files.write(PREVIEW.resolve("composed.pdf"), pdf);
    }

    @Test
    void a_report_with_every_block_type_a_chart_and_an_attachment_is_pdf_a_3b() {
        assertThat(VeraPdf.pdfA3bViolations(pdf)).as("veraPDF PDF/A-3B failed rules").isEmpty();
    }

    @Test
    void the_long_table_continues_on_later_pages_under_its_repeated_header() throws IOException {
        List<String> pages = pageTexts(pdf);
        assertThat(pages.size()).isGreaterThanOrEqualTo(4);
        long pagesWithHeader = pages.stream().filter(t -> t.contains("What was checked")).count();
        assertThat(pagesWithHeader).isGreaterThanOrEqualTo(2);
        assertThat(String.join("", pages)).contains("1 Restore step 1 Checked step 1").contains("70 Restore step 70");
    }

    @Test
    void every_page_carries_the_watermark_and_its_number_of_the_total() throws IOException {
        List<String> pages = pageTexts(pdf);
        for (int i = 0; i < pages.size(); i++) {
            assertThat(pages.get(i)).contains("Page " + (i + 1) + " of " + pages.size()).contains("Downloaded by ana.lima@example.com");
        }
    }

    @Test
    void characters_the_fonts_lack_print_as_question_marks() throws IOException {
        assertThat(pageTexts(pdf).get(0)).contains("question marks: ??.");
    }

    @Test
    void every_font_is_embedded() throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<String> fonts = new ArrayList<>();
            for (PDPage page : document.getPages()) {
                for (COSName name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                    fonts.add(font.getName().replaceFirst("^[A-Z]{6}\\+", ""));
                }
            }
            assertThat(fonts).contains("DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono");
        }
    }

    @Test
    void the_info_dictionary_and_the_xmp_metadata_say_the_same() throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDDocumentInformation info = document.getDocumentInformation();
            assertThat(info.getTitle()).isEqualTo(SampleReport.TITLE);
            assertThat(info.getAuthor()).isEqualTo("CompanyOS Control Plane");
            assertThat(info.getKeywords()).isEqualTo("disaster recovery, drill, acme, eu-west");
            assertThat(info.getCreationDate().toInstant()).isEqualTo(Instant.parse("2026-11-22T09:00:00Z"));
            String xmp = new String(document.getDocumentCatalog().getMetadata().toByteArray(), StandardCharsets.UTF_8);
            assertThat(xmp).contains("<pdfaid:part>3</pdfaid:part>", "<pdfaid:conformance>B</pdfaid:conformance>",
                    SampleReport.TITLE, "disaster recovery, drill, acme, eu-west", "2026-11-22T09:00:00");
            assertThat(document.getDocumentCatalog().getOutputIntents()).singleElement()
                    .satisfies(intent -> assertThat(intent.getOutputConditionIdentifier()).isEqualTo("sRGB IEC61966-2.1"));
        }
    }

    @Test
    void the_attachment_comes_back_byte_identical_as_an_associated_file() throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDComplexFileSpecification spec = document.getDocumentCatalog().getNames().getEmbeddedFiles()
                    .getNames().get("drill-evidence.json");
            assertThat(spec.getEmbeddedFile().toByteArray()).isEqualTo(SampleReport.EVIDENCE_JSON);
            assertThat(spec.getEmbeddedFile().getSubtype()).isEqualTo("application/json");
            assertThat(spec.getFileUnicode()).isEqualTo("drill-evidence.json");
            assertThat(spec.getCOSObject().getNameAsString(COSName.getPDFName("AFRelationship"))).isEqualTo("Data");
            COSArray af = (COSArray) document.getDocumentCatalog().getCOSObject().getDictionaryObject(COSName.getPDFName("AF"));
            assertThat(af.size()).isEqualTo(1);
            assertThat(((COSDictionary) af.getObject(0)).getString(COSName.UF)).isEqualTo("drill-evidence.json");
        }
    }

    @Test
    void every_page_renders_to_a_non_empty_png() throws IOException {
        int pageCount;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            pageCount = document.getNumberOfPages();
        }
        List<Path> pngs = Poppler.renderPages(PREVIEW.resolve("composed.pdf"), PREVIEW, 80);
        assertThat(pngs).hasSize(pageCount);
        for (Path png : pngs) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as(png.toString()).isNotNull();
            assertThat(image.getWidth()).isGreaterThan(600);
            assertThat(hasInk(image)).as(png + " has something drawn on it").isTrue();
        }
    }

    @Test
    void a_row_taller_than_a_page_unbreakable_words_and_a_transparent_chart_still_make_pdf_a_3b() throws IOException {
        String huge = String.join("\n", java.util.Collections.nCopies(90, "A line of a cell far taller than one page."));
        ReportDocument stress = ReportDocument.builder("Stress: layout edge cases")
                .paragraph("")
                .table(List.of("Key", "Value"), List.of(
                        List.of("short", "x".repeat(400)),
                        List.of("huge", huge),
                        List.of("after", "The row after the split one.")))
                .keyValues(java.util.Map.of("url", "https://example.com/" + "segment/".repeat(40)))
                .table(List.of("Only a header"), List.of())
                .chart(transparentPng(), "")
                .code("x".repeat(300))
                .build();
        byte[] stressPdf = new PdfComposer(Clock.fixed(NOW, ZoneOffset.UTC)).compose(stress);
        Files.write(PREVIEW.resolve("stress.pdf"), stressPdf);

        assertThat(VeraPdf.pdfA3bViolations(stressPdf)).isEmpty();
        List<String> pages = pageTexts(stressPdf);
        assertThat(pages.size()).isGreaterThanOrEqualTo(3);
        assertThat(String.join("", pages)).contains("The row after the split one.");
        assertThat(Poppler.renderPages(PREVIEW.resolve("stress.pdf"), PREVIEW, 60)).hasSize(pages.size());
    }

    @Test
    void a_chart_that_is_not_a_png_is_refused() {
        ReportDocument broken = ReportDocument.builder("Broken").chart(new byte[]{1, 2, 3}, "not an image").build();
        assertThatThrownBy(() -> new PdfComposer(Clock.systemUTC()).compose(broken))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PNG");
    }

    static List<String> pageTexts(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<String> pages = new ArrayList<>();
            PDFTextStripper stripper = new PDFTextStripper();
            for (int p = 1; p <= document.getNumberOfPages(); p++) {
                stripper.setStartPage(p);
                stripper.setEndPage(p);
                pages.add(stripper.getText(document));
            }
            return pages;
        }
    }

    private static byte[] transparentPng() throws IOException {
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(new java.awt.Color(200, 30, 30, 128));
        g.fillOval(20, 10, 160, 80);
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static boolean hasInk(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    return true;
                }
            }
        }
        return false;
    }
}
