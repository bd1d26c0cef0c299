package com.companyos.reports;

import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The bundled DejaVu fonts, embedded (as subsets) into each document: PDF/A forbids relying on a reader's fonts, and a
 * fresh machine may have none. Also keeps text within what the fonts can show, because PDF/A also forbids showing the
 * {@code .notdef} glyph.
 */
final class ReportFonts {

    private static final String FOLDER = "/reports/fonts/";
    private static final byte[] SANS = read("DejaVuSans.ttf");
    private static final byte[] SANS_BOLD = read("DejaVuSans-Bold.ttf");
    private static final byte[] MONO = read("DejaVuSansMono.ttf");

    final PDType0Font regular;
    final PDType0Font bold;
    final PDType0Font mono;
    private final Map<PDFont, CmapLookup> cmaps = new IdentityHashMap<>();

    private ReportFonts(PDDocument document) throws IOException {
        regular = load(document, SANS);
        bold = load(document, SANS_BOLD);
        mono = load(document, MONO);
    }

    static ReportFonts embedIn(PDDocument document) {
        try {
            return new ReportFonts(document);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load the bundled fonts", e);
        }
    }

    private PDType0Font load(PDDocument document, byte[] bytes) throws IOException {
        TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(bytes));
        // The subset is built when the document is saved, so the font must stay open until then.
        document.registerTrueTypeFontForClosing(ttf);
        PDType0Font font = PDType0Font.load(document, ttf, true);
        cmaps.put(font, ttf.getUnicodeCmapLookup());
        return font;
    }

    /**
     * {@code text} with tabs as spaces, control characters dropped and every character {@code font} lacks replaced by
     * {@code ?}.
     */
    String printable(String text, PDFont font) {
        CmapLookup cmap = cmaps.get(font);
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp == '\t') {
                out.append("    ");
            } else if (Character.isISOControl(cp)) {
                // dropped: line breaks are handled by the layout before text gets here
            } else if (cmap.getGlyphId(cp) > 0) {
                out.appendCodePoint(cp);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    /** Whether {@code font} has a glyph for {@code codePoint}. */
    boolean canShow(PDFont font, int codePoint) {
        return cmaps.get(font).getGlyphId(codePoint) > 0;
    }

    /** The width in points of already {@link #printable} text. */
    static float width(String text, PDFont font, float size) {
        try {
            return font.getStringWidth(text) / 1000f * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(String name) {
        try (InputStream in = ReportFonts.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing font " + FOLDER + name + " on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
