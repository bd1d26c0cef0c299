package com.companyos.reports;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A4 pages with a moving cursor: block writers ask for room, draw at {@link #y()} and move down; a block that does not
 * fit starts a new page. Page furniture (running header, footer with "Page n of m" and the watermark) is drawn here,
 * the footers last, once the page count is known. Coordinates are PDF points from the bottom-left corner.
 */
final class PageLayout {

    static final PDRectangle PAGE = PDRectangle.A4;
    static final float LEFT = 56.7f;                       // 20 mm
    static final float RIGHT = PAGE.getWidth() - 56.7f;
    static final float WIDTH = RIGHT - LEFT;
    static final float TOP = PAGE.getHeight() - 62f;
    static final float BOTTOM = 62f;

    static final Color TEXT = new Color(0x1F, 0x23, 0x28);
    static final Color MUTED = new Color(0x59, 0x63, 0x6E);
    static final Color RULE = new Color(0xD0, 0xD7, 0xDE);
    static final Color ACCENT = new Color(0x1F, 0x4E, 0x79);

    private final PDDocument document;
    private final ReportFonts fonts;
    private final String runningTitle;
    private final List<PDPage> pages = new ArrayList<>();
    private PDPageContentStream content;
    private float y;

    PageLayout(PDDocument document, ReportFonts fonts, String runningTitle) {
        this.document = document;
        this.fonts = fonts;
        this.runningTitle = runningTitle;
        newPage();
    }

    ReportFonts fonts() {
        return fonts;
    }

    PDDocument document() {
        return document;
    }

    float y() {
        return y;
    }

    void moveDown(float dy) {
        y -= dy;
    }

    /** Room left above the footer. */
    float remaining() {
        return y - BOTTOM;
    }

    boolean atTopOfPage() {
        return y >= TOP - 0.01f;
    }

    /** Starts a new page unless {@code height} fits here (or this page is still empty: then nothing would help). */
    void ensureSpace(float height) {
        if (height > remaining() && !atTopOfPage()) {
            newPage();
        }
    }

    void newPage() {
        try {
            if (content != null) {
                content.close();
            }
            PDPage page = new PDPage(PAGE);
            document.addPage(page);
            pages.add(page);
            content = new PDPageContentStream(document, page);
            y = TOP;
            if (pages.size() > 1) {
                float baseline = PAGE.getHeight() - 38f;
                text(fitted(fonts.printable(runningTitle, fonts.regular), fonts.regular, 8f, WIDTH), fonts.regular, 8f,
                        LEFT, baseline, MUTED);
                line(LEFT, baseline - 6f, RIGHT, baseline - 6f, 0.5f, RULE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Draws printable text (see {@link ReportFonts#printable}) with its baseline at {@code baseline}. */
    void text(String text, PDFont font, float size, float x, float baseline, Color color) {
        if (text.isEmpty()) {
            return;
        }
        try {
            content.beginText();
            content.setFont(font, size);
            content.setNonStrokingColor(color);
            content.newLineAtOffset(x, baseline);
            content.showText(text);
            content.endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void fill(float x, float bottom, float width, float height, Color color) {
        try {
            content.setNonStrokingColor(color);
            content.addRect(x, bottom, width, height);
            content.fill();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void roundedFill(float x, float bottom, float width, float height, float radius, Color color) {
        float r = Math.min(radius, Math.min(width, height) / 2);
        float k = 0.5523f * r; // control point distance for a quarter circle
        float right = x + width;
        float top = bottom + height;
        try {
            content.setNonStrokingColor(color);
            content.moveTo(x + r, bottom);
            content.lineTo(right - r, bottom);
            content.curveTo(right - r + k, bottom, right, bottom + r - k, right, bottom + r);
            content.lineTo(right, top - r);
            content.curveTo(right, top - r + k, right - r + k, top, right - r, top);
            content.lineTo(x + r, top);
            content.curveTo(x + r - k, top, x, top - r + k, x, top - r);
            content.lineTo(x, bottom + r);
            content.curveTo(x, bottom + r - k, x + r - k, bottom, x + r, bottom);
            content.closePath();
            content.fill();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void line(float x1, float y1, float x2, float y2, float width, Color color) {
        try {
            content.setStrokingColor(color);
            content.setLineWidth(width);
            content.moveTo(x1, y1);
            content.lineTo(x2, y2);
            content.stroke();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void frame(float x, float bottom, float width, float height, float lineWidth, Color color) {
        try {
            content.setStrokingColor(color);
            content.setLineWidth(lineWidth);
            content.addRect(x, bottom, width, height);
            content.stroke();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void image(PDImageXObject image, float x, float bottom, float width, float height) {
        try {
            content.drawImage(image, x, bottom, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Footers on every page: the watermark on the left (shortened with "…" if it would run into the page number) and
     * "Page n of m" on the right, above a thin rule. Closes the layout; returns the page count.
     */
    int finish(String watermark) {
        try {
            content.close();
            int total = pages.size();
            for (int i = 0; i < total; i++) {
                content = new PDPageContentStream(document, pages.get(i), PDPageContentStream.AppendMode.APPEND, true, true);
                float baseline = 36f;
                line(LEFT, baseline + 12f, RIGHT, baseline + 12f, 0.5f, RULE);
                String number = "Page " + (i + 1) + " of " + total;
                float numberWidth = ReportFonts.width(number, fonts.regular, 8f);
                text(number, fonts.regular, 8f, RIGHT - numberWidth, baseline, MUTED);
                if (!watermark.isBlank()) {
                    String mark = fitted(fonts.printable(watermark, fonts.regular), fonts.regular, 7.5f, WIDTH - numberWidth - 18f);
                    text(mark, fonts.regular, 7.5f, LEFT, baseline, MUTED);
                }
                content.close();
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where the baseline of a line whose box starts at {@code top} goes: the glyphs centred in the leading. Here, with the
     * page's other text geometry, because every writer of blocks and charts places its lines this way.
     */
    static float baseline(float top, float size, float leading) {
        return top - (leading - size) / 2 - size * 0.78f;
    }

    /** {@code text} cut to {@code maxWidth} with a trailing ellipsis when it is longer. */
    static String fitted(String text, PDFont font, float size, float maxWidth) {
        if (ReportFonts.width(text, font, size) <= maxWidth) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && ReportFonts.width(cut + "…", font, size) > maxWidth) {
            cut = cut.substring(0, cut.offsetByCodePoints(cut.length(), -1));
        }
        return cut + "…";
    }
}
